/* Dense matrix multiply C = A x B of n x n doubles (n <= 128), A and B filled with multiples
 * of 1/8 and 1/4 so every product and sum is exact; returns the 32 low bits of 32 x the sum
 * of C's elements weighted by their row number. */
#include "kernel.h"

#define MAX_N 128
static double A[MAX_N * MAX_N], B[MAX_N * MAX_N], C[MAX_N * MAX_N];

uint32_t kernel_matrix(uint32_t n) {
  if (n > MAX_N) n = MAX_N;
  for (uint32_t i = 0; i < n; i++) {
    for (uint32_t j = 0; j < n; j++) {
      A[i * n + j] = (double)((i * 7 + j * 3) % 17) / 8.0 - 1.0;
      B[i * n + j] = (double)((i * 5 + j * 11) % 13) / 4.0 - 1.5;
      C[i * n + j] = 0.0;
    }
  }
  for (uint32_t i = 0; i < n; i++) {
    for (uint32_t k = 0; k < n; k++) {
      double a = A[i * n + k];
      for (uint32_t j = 0; j < n; j++) C[i * n + j] += a * B[k * n + j];
    }
  }
  double sum = 0.0;
  for (uint32_t i = 0; i < n; i++) {
    for (uint32_t j = 0; j < n; j++) sum += C[i * n + j] * (double)(i + 1);
  }
  return (uint32_t)(int64_t)(sum * 32.0);
}

KERNEL_EXPORT(kernel_matrix)
