     16000000 K total memory
      7000000 K used memory
      9000000 K active memory
      2500000 K inactive memory
      4000000 K free memory
       200000 K buffer memory
      5400000 K swap cache
      8000000 K total swap
       100000 K used swap
      7900000 K free swap
      6800000 non-nice user cpu ticks
       500000 nice user cpu ticks
      1700000 system cpu ticks
     30250000 idle cpu ticks
       340000 IO-wait cpu ticks
       105000 IRQ cpu ticks
       305000 softirq cpu ticks
            0 stolen cpu ticks
      3200000 non-nice guest cpu ticks
       280000 nice guest cpu ticks
     50000000 K paged in
     80000000 K paged out
       100000 pages swapped in
       500000 pages swapped out
    400000000 interrupts
    900000000 CPU context switches
   1767125600 boot time
       250000 forks
