/* threads.c - the one place the library starts a thread.  It uses at most
 * two: the one it was called on and one more, for the two-thread read, the
 * merge's steps, the order check and the person walk. */
#include "internal.h"

bool yjpi__thread_start(yjpi__thread *t, void *(*fn)(void *), void *arg)
{
    return pthread_create(&t->tid, NULL, fn, arg) == 0;
}

void yjpi__thread_join(yjpi__thread *t)
{
    pthread_join(t->tid, NULL);
}

typedef struct {
    void (*fn)(void *);
    void *arg;
} run_arg;

static void *run_one(void *p)
{
    run_arg *a = p;
    a->fn(a->arg);
    return NULL;
}

bool yjpi__run_two(void (*fn)(void *), void *a, void *b, bool two)
{
    run_arg rb = {fn, b};
    yjpi__thread t;
    if (two && yjpi__thread_start(&t, run_one, &rb)) {
        fn(a);
        yjpi__thread_join(&t);
        return true;
    }
    fn(a);
    fn(b);
    return false;
}
