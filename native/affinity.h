/* CPU pinning (-a cpulist), the seed's cpu_affinity without taskset. */
#ifndef EPCAP_AFFINITY_H
#define EPCAP_AFFINITY_H

/* Pins the process to the CPUs of a list like "1,3,5-7". A malformed list
 * or a refused pinning is a fatal BAD_OPTION. */
void affinity_apply(const char *cpulist);

#endif
