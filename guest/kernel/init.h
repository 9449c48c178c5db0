/* Bringing up the kernel's services before main() runs. */
#ifndef GUEST_KERNEL_INIT_H
#define GUEST_KERNEL_INIT_H

/* Memory bookkeeping, traps, shared_info, events, clock and timers, in
 * that order (each needs the ones before it).  A service whose hypercall
 * fails prints one line and stays off; the rest still come up, and main()
 * runs either way. */
void kernel_init(void);

#endif
