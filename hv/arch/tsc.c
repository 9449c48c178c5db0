/* TSC calibration and the local APIC timer (arch/tsc.h). */
#include "arch/tsc.h"
#include "arch/io.h"
#include "lib/printf.h"
#include "mm/directmap.h"

#define PIT_HZ          1193182
#define CALIBRATE_HZ    100             /* measure over 1/100 s */

#define MSR_APIC_BASE   0x1b
#define MSR_TSC_DEADLINE 0x6e0
#define APIC_EOI        0x0b0
#define APIC_SVR        0x0f0
#define APIC_LVT_TIMER  0x320
#define APIC_INIT_COUNT 0x380
#define APIC_CUR_COUNT  0x390
#define APIC_DIVIDE     0x3e0
#define LVT_MASKED      (1 << 16)
#define LVT_TSC_DEADLINE (2 << 17)

uint64_t tsc_hz;
static volatile uint32_t *apic;
static int use_deadline;
static uint64_t apic_per_tsc_q32;       /* APIC timer ticks per TSC tick, 32.32 */

/* Waits for PIT channel 2 to count down 1/CALIBRATE_HZ s; returns the TSC
 * ticks and APIC timer ticks (if apic is set up) that passed. */
static uint64_t pit_interval(uint32_t *apic_ticks)
{
    uint16_t count = PIT_HZ / CALIBRATE_HZ;
    uint64_t t0, t1;
    uint32_t a0 = 0;

    outb(0x61, (uint8_t)((inb(0x61) & ~0x02) | 0x01));     /* gate on, speaker off */
    outb(0x43, 0xb0);                                       /* ch2, lo/hi, mode 0 */
    outb(0x42, (uint8_t)count);
    outb(0x42, (uint8_t)(count >> 8));
    if (apic)
        a0 = apic[APIC_CUR_COUNT / 4];
    t0 = rdtsc();
    while (!(inb(0x61) & 0x20))
        ;
    t1 = rdtsc();
    if (apic_ticks)
        *apic_ticks = a0 - apic[APIC_CUR_COUNT / 4];
    return t1 - t0;
}

/* Measures the TSC frequency. */
void tsc_calibrate(void)
{
    tsc_hz = pit_interval(0) * CALIBRATE_HZ;
    log_info("pvx: TSC %lu.%03lu MHz\n", tsc_hz / 1000000, tsc_hz / 1000 % 1000);
}

/* Enables the APIC, picks TSC-deadline or one-shot mode, and calibrates
 * the one-shot counter against the TSC. */
void apic_timer_init(void)
{
    uint32_t eax = 1, ebx, ecx, edx, ticks;
    uint64_t tsc;

    __asm__ volatile("cpuid" : "+a"(eax), "=b"(ebx), "=c"(ecx), "=d"(edx));
    use_deadline = (ecx >> 24) & 1;
    apic = maddr_to_virt(rdmsr(MSR_APIC_BASE) & ~0xfffUL);
    apic[APIC_SVR / 4] = 0x100 | SPURIOUS_VECTOR;
    apic[APIC_DIVIDE / 4] = 0xb;                            /* divide by 1 */
    apic[APIC_LVT_TIMER / 4] = LVT_MASKED | TIMER_VECTOR;
    if (!use_deadline) {
        apic[APIC_INIT_COUNT / 4] = 0xffffffff;
        tsc = pit_interval(&ticks);
        apic[APIC_INIT_COUNT / 4] = 0;
        apic_per_tsc_q32 = ((uint64_t)ticks << 32) / tsc;
    }
    log_info("pvx: APIC timer in %s mode\n", use_deadline ? "TSC-deadline" : "one-shot");
}

/* Arms the timer for TSC value deadline; 0 disarms it. */
void apic_timer_arm(uint64_t deadline)
{
    uint64_t now, ticks;

    if (!deadline) {
        apic[APIC_LVT_TIMER / 4] = LVT_MASKED | TIMER_VECTOR;
        if (use_deadline)
            wrmsr(MSR_TSC_DEADLINE, 0);
        else
            apic[APIC_INIT_COUNT / 4] = 0;
        return;
    }
    if (use_deadline) {
        apic[APIC_LVT_TIMER / 4] = LVT_TSC_DEADLINE | TIMER_VECTOR;
        wrmsr(MSR_TSC_DEADLINE, deadline);
        return;
    }
    now = rdtsc();
    ticks = deadline > now ? (uint64_t)(((unsigned __int128)(deadline - now) * apic_per_tsc_q32) >> 32) : 1;
    apic[APIC_LVT_TIMER / 4] = TIMER_VECTOR;
    apic[APIC_INIT_COUNT / 4] = ticks ? (ticks > 0xffffffffUL ? 0xffffffffU : (uint32_t)ticks) : 1;
}

/* Signals the end of the interrupt to the APIC. */
void apic_eoi(void)
{
    apic[APIC_EOI / 4] = 0;
}
