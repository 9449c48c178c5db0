/* The native floor (domain/floor.c): what the primitives behind the PV MMU
 * operations cost on this machine, measured in ring 0 without a guest. */
#ifndef HV_DOMAIN_FLOOR_H
#define HV_DOMAIN_FLOOR_H

/* Measures each primitive and prints "floor: <name> <ticks per op>". */
void floor_measure(void);

#endif
