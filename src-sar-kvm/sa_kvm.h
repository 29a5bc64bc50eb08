/*
 * sa_kvm.h: KVM activity (sar -K) - functions called through the activity
 * table (activity.c). Included at the end of sa.h.
 * (C) 2026 by Seed 1c3e161a maintainers (maintainers <at> users.noreply.r-seed-1c3e161a.example)
 */

#ifndef _SA_KVM_H
#define _SA_KVM_H

/* sadc (sa_wrap.c) */
__nr_t wrap_get_kvm_nr
	(struct activity *);
__read_funct_t wrap_read_kvm
	(struct activity *);

/* sar and sadf (sa_kvm.c) */
int parse_kvm_vm_list
	(const char *, struct activity *);
int kvm_vm_selected
	(struct activity *, const struct stats_kvm *);
int kvm_sample_seen
	(const struct stats_kvm *);
int parse_kvm_keywords
	(const char *, struct activity *);
int kvm_full_stats_needed
	(struct activity * []);
unsigned long kvm_hash_seed
	(void);

/* sar (pr_kvm.c) */
__print_funct_t print_kvm_stats
	(struct activity *, int, int, unsigned long long);
__print_funct_t print_avg_kvm_stats
	(struct activity *, int, int, unsigned long long);

/* sadf (sadf_kvm.c) */
__print_funct_t render_kvm_stats
	(struct activity *, int, char *, int, unsigned long long);
__print_funct_t xml_print_kvm_stats
	(struct activity *, int, int, unsigned long long);
__print_funct_t json_print_kvm_stats
	(struct activity *, int, int, unsigned long long);
__print_funct_t svg_print_kvm_stats
	(struct activity *, int, int, struct svg_parm *, unsigned long long,
	 struct record_header *);
__print_funct_t raw_print_kvm_stats
	(struct activity *, char *, int);
__print_funct_t pcp_print_kvm_stats
	(struct activity *, int);
__nr_t count_new_kvm
	(struct activity *, int);
void pcp_def_kvm_metrics
	(struct activity *);

#endif /* _SA_KVM_H */
