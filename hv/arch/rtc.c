/* Reading the CMOS real-time clock once at boot, for the guest's wall clock. */
#include "arch/rtc.h"
#include "arch/io.h"

/* Reads CMOS register reg. */
static uint8_t cmos(uint8_t reg)
{
    outb(0x70, reg);
    return inb(0x71);
}

/* Returns v decoded from BCD unless the RTC runs in binary mode. */
static unsigned decode(uint8_t v, int binary)
{
    return binary ? v : (v & 0x0f) + (v >> 4) * 10;
}

/* Returns the days from 1970-01-01 to y-m-d (proleptic Gregorian). */
static int64_t days_from_civil(int64_t y, unsigned m, unsigned d)
{
    int64_t era, yoe, doy, doe;

    y -= m <= 2;
    era = (y >= 0 ? y : y - 399) / 400;
    yoe = y - era * 400;
    doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

/* Returns the RTC's time in seconds since the Unix epoch (UTC, as QEMU's
 * RTC keeps it by default). */
uint64_t rtc_unix_seconds(void)
{
    uint8_t sec, min, hour, day, mon, year;
    int binary;

    while (cmos(0x0a) & 0x80)           /* wait while an update is in progress */
        ;
    sec = cmos(0x00);
    min = cmos(0x02);
    hour = cmos(0x04);
    day = cmos(0x07);
    mon = cmos(0x08);
    year = cmos(0x09);
    binary = (cmos(0x0b) & 0x04) != 0;
    return (uint64_t)(days_from_civil(2000 + decode(year, binary), decode(mon, binary),
                                      decode(day, binary)) * 86400 +
                      decode(hour & 0x7f, binary) * 3600 + decode(min, binary) * 60 +
                      decode(sec, binary));
}
