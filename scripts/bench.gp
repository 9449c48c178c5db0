# One bar chart of make bench's results, pvx beside Xen 4.17.
#
#   gnuplot -e "data='<file>'; png='<file>'; what='<title>'; unit='<y label>'" scripts/bench.gp
#
# data has one line per operation: name, pvx value, Xen value, native floor
# ("?" where there is none) (scripts/bench.sh writes instructions.dat and
# wall.dat, leaving the fork sizes to fork.gp).  The y axis is logarithmic: the
# operations range from tens to tens of thousands.
set terminal pngcairo size 1400,650 font ",10" noenhanced
set output png
set title what
set style data histogram
set style histogram clustered gap 1
set style fill solid 0.85 border -1
set boxwidth 0.9
set logscale y
set yrange [1:*]
set ylabel unit
set grid ytics
set xtics rotate by -35 left
set rmargin 14
set bmargin 9
set key top left
set datafile missing "?"
plot data using 2:xtic(1) title "pvx" linecolor rgb "#2a6fb0", \
     ''   using 3         title "Xen 4.17" linecolor rgb "#c8553d", \
     ''   using 4         title "native floor" linecolor rgb "#6a9a3a"
