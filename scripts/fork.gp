# Fork-style duplication cost against the mapped size, one line per strategy
# and system (make bench).
#
#   gnuplot -e "data='<file>'; png='<file>'" scripts/fork.gp
#
# data: one line per size: MiB, then per_pte, mmu_update, multicall and
# late_pin for pvx, then the same four for Xen 4.17 (instructions per fork).
set terminal pngcairo size 1000,620 font ",10" noenhanced
set output png
set title "Fork-style duplication of a lower half under QEMU -icount shift=0 (fewer is better)"
set logscale xy
set xlabel "mapped size (MiB)"
set ylabel "instructions per fork"
set xtics (1, 4, 16, 64, 256)
set grid
set key top left
plot data using 1:2 with linespoints lw 2 lc rgb "#2a6fb0" dt 1 title "pvx per PTE", \
     ''   using 1:3 with linespoints lw 2 lc rgb "#2a6fb0" dt 2 title "pvx mmu_update batches", \
     ''   using 1:4 with linespoints lw 2 lc rgb "#2a6fb0" dt 3 title "pvx multicall", \
     ''   using 1:5 with linespoints lw 2 lc rgb "#2a6fb0" dt 4 title "pvx late pin", \
     ''   using 1:6 with linespoints lw 2 lc rgb "#c8553d" dt 1 title "Xen per PTE", \
     ''   using 1:7 with linespoints lw 2 lc rgb "#c8553d" dt 2 title "Xen mmu_update batches", \
     ''   using 1:8 with linespoints lw 2 lc rgb "#c8553d" dt 3 title "Xen multicall", \
     ''   using 1:9 with linespoints lw 2 lc rgb "#c8553d" dt 4 title "Xen late pin"
