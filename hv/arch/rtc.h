/* The CMOS real-time clock (arch/rtc.c). */
#ifndef HV_ARCH_RTC_H
#define HV_ARCH_RTC_H

#include <stdint.h>

uint64_t rtc_unix_seconds(void);

#endif
