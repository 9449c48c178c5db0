/* Create, yield, join, exit, names; the storm; the deadlock report. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "kernel/thread.h"
#include "tests/guest/lib/test.h"
#include "tests/guest/threads/threads_test.h"

#define STORM_THREADS 8
#define STORM_YIELDS 1000

static char trail[16];
static int trail_len;

/* Doubles its argument. */
static void *double_it(void *arg)
{
    return (void *)((long)arg * 2);
}

/* Appends its letter to the trail three times, yielding in between. */
static void *leave_trail(void *arg)
{
    for (int i = 0; i < 3; i++) {
        trail[trail_len++] = *(const char *)arg;
        thread_yield();
    }
    return NULL;
}

/* Ends through thread_exit instead of returning. */
static void *exit_early(void *arg)
{
    thread_exit(arg);
}

/* Create/join, strict alternation, thread_exit, names. */
void test_basics(void)
{
    struct thread *a, *b;

    a = thread_create("double", double_it, (void *)21L);
    test_check("thread_create", a != NULL, 1);
    test_check("join returns the thread's result", (long)thread_join(a), 42);
    test_check("thread_exit's value comes back through join",
               (long)thread_join(thread_create("exit", exit_early, (void *)7L)), 7);
    test_check("main is thread \"main\"", strcmp(thread_name(thread_self()), "main"), 0);

    trail_len = 0;
    a = thread_create("A", leave_trail, "A");
    b = thread_create("B", leave_trail, "B");
    thread_join(a);
    thread_join(b);
    trail[trail_len] = '\0';
    test_check("two threads that yield alternate: ABABAB", strcmp(trail, "ABABAB"), 0);
}

/* Counts its yields into the long arg points to. */
static void *yield_many(void *arg)
{
    for (int i = 0; i < STORM_YIELDS; i++) {
        (*(long *)arg)++;
        thread_yield();
    }
    return arg;
}

/* 8 x 1000 yields; every count and every join checked. */
void test_storm(void)
{
    static long counts[STORM_THREADS];
    struct thread *t[STORM_THREADS];
    long total = 0;
    int joined = 0, created = 0;

    for (int i = 0; i < STORM_THREADS; i++)
        created += (t[i] = thread_create("storm", yield_many, &counts[i])) != NULL;
    test_check("storm: 8 threads created", created, STORM_THREADS);
    for (int i = 0; i < STORM_THREADS; i++) {
        if (t[i] != NULL && thread_join(t[i]) == &counts[i])
            joined++;
        total += counts[i];
    }
    test_check("storm: every thread joined with its own result", joined, STORM_THREADS);
    test_check("storm: 8000 yields counted", total, STORM_THREADS * STORM_YIELDS);
    for (int i = 0; i < STORM_THREADS; i++)
        if (counts[i] != STORM_YIELDS)
            test_check("storm: a thread's count", counts[i], STORM_YIELDS);
}

static struct thread *deadlock_pair[2];

/* Thread i of the pair: lets the other start, then joins it. */
static void *join_other(void *arg)
{
    long i = (long)arg;

    thread_yield();
    thread_join(deadlock_pair[1 - i]);
    return NULL;
}

/* Main joins thread 0, which joins thread 1, which joins thread 0: once
 * all three are blocked nothing can ever run again. */
void run_deadlock(void)
{
    deadlock_pair[0] = thread_create("A", join_other, (void *)0L);
    deadlock_pair[1] = thread_create("B", join_other, (void *)1L);
    printf("threads: joining a deadlocked pair\n");
    thread_join(deadlock_pair[0]);
    printf("threads: still running after the deadlock\n");
    exit(1);
}
