/*
 * The hypercall page (pv-abi.md §1.3): 128 stubs of 32 bytes, stub N at
 * offset N * 32, the rest of the page INT3.  The guest calls hypercall N at
 * hypercall_page + N * 32.
 *
 *   ordinary stub               iret stub (N = 23), jumped to, never returns
 *   51          push %rcx       51          push %rcx
 *   41 53       push %r11       41 53       push %r11
 *   b8 N        mov $N, %eax    50          push %rax
 *   0f 05       syscall         cd 82       int $IRET_VECTOR
 *   41 5b       pop %r11
 *   59          pop %rcx
 *   c3          ret
 *
 * The iret stub enters through its own interrupt gate (arch/idt.h), where
 * the CPU builds the return frame; a guest that issues SYSCALL with rax =
 * 23 itself gets the same HYPERVISOR_iret.
 */
#include "domain/builder.h"
#include "lib/string.h"
#include "abi/hypercall.h"
#include "arch/idt.h"

/* Fills the 4 KiB page at page with the stubs. */
void hypercall_page_fill(uint8_t *page)
{
    static const uint8_t stub[14] = { 0x51, 0x41, 0x53, 0xb8, 0, 0, 0, 0, 0x0f, 0x05,
                                      0x41, 0x5b, 0x59, 0xc3 };
    static const uint8_t iret_stub[6] = { 0x51, 0x41, 0x53, 0x50, 0xcd, IRET_VECTOR };

    memset(page, 0xcc, 4096);
    for (uint32_t n = 0; n < 4096 / HYPERCALL_STUB_SIZE; n++) {
        uint8_t *p = page + n * HYPERCALL_STUB_SIZE;

        if (n == HC_iret) {
            memcpy(p, iret_stub, sizeof(iret_stub));
            continue;
        }
        memcpy(p, stub, sizeof(stub));
        memcpy(p + 4, &n, 4);
    }
}
