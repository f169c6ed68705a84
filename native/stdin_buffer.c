#include "stdin_buffer.h"

#include <errno.h>
#include <poll.h>
#include <unistd.h>

void stdin_buffer_read(struct stdin_buffer *b) {
  struct pollfd pfd = {.fd = STDIN_FILENO, .events = POLLIN};
  ssize_t n;

  if (!stdin_buffer_open(b) || poll(&pfd, 1, 0) <= 0)
    return;
  n = read(STDIN_FILENO, b->buf + b->used, sizeof(b->buf) - b->used);
  if (n > 0)
    b->used += (size_t)n;
  else if (n == 0 || (errno != EINTR && errno != EAGAIN))
    b->at_end = true;
}
