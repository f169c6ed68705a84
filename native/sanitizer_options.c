/* Linked into epcap-asan only. sudo, `env -i` and the port's own emptying
 * of the environment leave no ASAN_OPTIONS, so the sanitizer build carries
 * its options: leaks at exit are not errors (the port exits without freeing
 * what lives until then); every other report still is, and ends the run. */
const char *__asan_default_options(void);

const char *__asan_default_options(void) { return "detect_leaks=0"; }
