#!/usr/bin/env python3
"""M/M/1 (lambda 0.9, mu 1) in SimPy: the yardstick of a popular Python engine.

Works with SimPy 3/4 (`import simpy`) or Debian's python3-simpy (SimPy 2.3,
`from SimPy.Simulation import ...`).  Prints the same line as the C benchmarks.
Usage: mm1_simpy.py [customers]"""
import random
import resource
import sys
import time

N = int(sys.argv[1]) if len(sys.argv) > 1 else 200000
LAM, MU = 0.9, 1.0


def report(name, events, customers, secs):
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(f"bench {name} events={events} customers={customers} seconds={secs:.3f} "
          f"events_per_sec={events / secs:.0f} customers_per_sec={customers / secs:.0f} "
          f"peak_rss_kb={rss}")


def run_simpy3():
    import simpy
    env = simpy.Environment()
    server = simpy.Resource(env, capacity=1)
    rng = random.Random(1)
    total = [0.0]

    def customer(env):
        t0 = env.now
        with server.request() as req:
            yield req
            yield env.timeout(rng.expovariate(MU))
        total[0] += env.now - t0

    def source(env):
        for _ in range(N):
            env.process(customer(env))
            yield env.timeout(rng.expovariate(LAM))

    env.process(source(env))
    t0 = time.process_time()
    env.run()
    return time.process_time() - t0, total[0] / N


def run_simpy2():
    from SimPy.Simulation import Process, Resource, activate, hold, initialize, now, release, request, simulate
    rng = random.Random(1)
    total = [0.0]
    initialize()
    server = Resource(capacity=1)

    class Customer(Process):
        def run(self):
            t0 = now()
            yield request, self, server
            yield hold, self, rng.expovariate(MU)
            yield release, self, server
            total[0] += now() - t0

    class Source(Process):
        def run(self):
            for _ in range(N):
                c = Customer()
                activate(c, c.run())
                yield hold, self, rng.expovariate(LAM)

    s = Source()
    activate(s, s.run())
    t0 = time.process_time()
    simulate(until=1e18)
    return time.process_time() - t0, total[0] / N


def main():
    try:
        import simpy  # noqa: F401
        secs, w = run_simpy3()
    except ImportError:
        try:
            secs, w = run_simpy2()
        except ImportError:
            print("skip mm1_simpy: SimPy is not installed (Debian: python3-simpy)", file=sys.stderr)
            return 0
    report("mm1_simpy", 2 * N, N, secs)
    print(f"mm1_simpy: mean time in system {w:.3f} (theory 10)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
