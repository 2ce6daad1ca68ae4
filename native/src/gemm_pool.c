/*
 * A persistent pool of worker threads for tg_sgemm (gemm.h).
 *
 * Hand-written rather than OpenMP: the model calls the kernel thousands of times a step on
 * products of 10–100 µs, so handing out work must cost well under a microsecond, and the
 * machine is often shared (more runnable threads than cores), where a team that waits for every
 * member — an OpenMP parallel region — loses a whole time slice whenever one member is off the
 * CPU. Here the caller never waits for a worker that has not started: the job's work is a queue
 * of chunks that whichever threads are running take (see gemm.c), the caller closes the job
 * when the queue is empty, and waits only for workers still inside it. A worker that wakes
 * after that finds the job closed and touches nothing.
 *
 * Workers spin after each job — pausing, then yielding the CPU to anything else runnable — for
 * TOOLGYM_GEMM_SPIN_US microseconds (default 2000, about the gap between two products of a
 * training step), then sleep on a condition variable. OpenBLAS's pool spins longer.
 *
 * Without pthreads (Windows) the pool runs every job on the caller.
 */
#include <stdlib.h>

#include "gemm.h"

#if defined(_WIN32)

void tg_pool_run(tg_task task, void* arg, int parts) {
  (void)parts;
  task(arg, 0, 1);
}

#else

#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <time.h>

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#define CPU_RELAX() _mm_pause()
#elif defined(__aarch64__)
#define CPU_RELAX() __asm__ __volatile__("yield")
#else
#define CPU_RELAX() ((void)0)
#endif

static struct {
  pthread_mutex_t busy; /* held by the thread running a job */
  pthread_mutex_t sleep_lock;
  pthread_cond_t wake;
  atomic_ulong generation; /* bumped once per job: the job's id */
  atomic_ulong open;       /* the id of the job workers may join; 0 once it is closed */
  atomic_int active;       /* workers inside a job */
  atomic_int sleepers;
  tg_task task;
  void* arg;
  int parts;
  int workers; /* started so far; worker i may run part i */
  long spin_ns;
} pool = {
    .busy = PTHREAD_MUTEX_INITIALIZER,
    .sleep_lock = PTHREAD_MUTEX_INITIALIZER,
    .wake = PTHREAD_COND_INITIALIZER,
};

static long now_ns(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (long)t.tv_sec * 1000000000L + t.tv_nsec;
}

/* Pure spinning for this long first: the next product usually follows within microseconds. */
#define PAUSE_NS 20000L

/* The generation after `seen`: spins, then spins yielding the CPU, then sleeps. */
static unsigned long wait_for_job(unsigned long seen) {
  unsigned long g;
  const long start = now_ns();
  for (unsigned spins = 1;; spins++) {
    g = atomic_load_explicit(&pool.generation, memory_order_acquire);
    if (g != seen) return g;
    if ((spins & 63) != 0) {
      CPU_RELAX();
      continue;
    }
    const long waited = now_ns() - start;
    if (waited > pool.spin_ns) break;
    if (waited > PAUSE_NS) sched_yield();
  }
  pthread_mutex_lock(&pool.sleep_lock);
  /* seq_cst: either tg_pool_run sees this sleeper and signals, or this load sees its job. */
  atomic_fetch_add(&pool.sleepers, 1);
  while ((g = atomic_load(&pool.generation)) == seen) {
    pthread_cond_wait(&pool.wake, &pool.sleep_lock);
  }
  atomic_fetch_sub(&pool.sleepers, 1);
  pthread_mutex_unlock(&pool.sleep_lock);
  return g;
}

static void* worker_main(void* raw) {
  int index = (int)(size_t)raw;
  unsigned long seen = atomic_load(&pool.generation);
  for (;;) {
    seen = wait_for_job(seen);
    /* seq_cst, paired with tg_pool_run's close-then-read-active: either the caller waits for
     * this worker, or this worker sees the job closed and never reads its fields. */
    atomic_fetch_add(&pool.active, 1);
    if (atomic_load(&pool.open) == seen && index < pool.parts) {
      pool.task(pool.arg, index, pool.parts);
    }
    atomic_fetch_sub_explicit(&pool.active, 1, memory_order_release);
  }
  return NULL;
}

/* Starts workers up to `count`; returns how many run (fewer if the system refuses threads). */
static int start_workers(int count) {
  if (pool.spin_ns == 0) {
    const char* env = getenv("TOOLGYM_GEMM_SPIN_US");
    long us = env != NULL ? atol(env) : 2000;
    pool.spin_ns = (us < 0 ? 0 : us) * 1000L + 1;
  }
  while (pool.workers < count) {
    pthread_t thread;
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    /* Index `workers + 1`: part 0 is the caller's. */
    int failed = pthread_create(&thread, &attr, worker_main, (void*)(size_t)(pool.workers + 1));
    pthread_attr_destroy(&attr);
    if (failed) break;
    pool.workers++;
  }
  return pool.workers;
}

void tg_pool_run(tg_task task, void* arg, int parts) {
  if (parts <= 1 || pthread_mutex_trylock(&pool.busy) != 0) {
    task(arg, 0, 1);
    return;
  }
  int helpers = start_workers(parts - 1);
  if (helpers < parts - 1) parts = helpers + 1;
  if (parts <= 1) {
    pthread_mutex_unlock(&pool.busy);
    task(arg, 0, 1);
    return;
  }
  pool.task = task;
  pool.arg = arg;
  pool.parts = parts;
  const unsigned long id = atomic_load(&pool.generation) + 1;
  atomic_store(&pool.open, id);
  atomic_store(&pool.generation, id); /* seq_cst: publishes the job, then reads sleepers */
  if (atomic_load(&pool.sleepers) > 0) {
    pthread_mutex_lock(&pool.sleep_lock);
    pthread_cond_broadcast(&pool.wake);
    pthread_mutex_unlock(&pool.sleep_lock);
  }
  /* The caller's part takes chunks until none is left (it may do them all). */
  task(arg, 0, parts);
  atomic_store(&pool.open, 0);
  for (unsigned spins = 1; atomic_load(&pool.active) > 0; spins++) {
    if ((spins & 1023) == 0) sched_yield(); /* a worker mid-chunk may be off the CPU */
    else CPU_RELAX();
  }
  pthread_mutex_unlock(&pool.busy);
}

#endif
