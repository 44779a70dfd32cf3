/*===- aiter.h - aiter C API: contexts, kernels, launches, cache --*- C -*-===*\
|*                                                                            *|
|* The public C API of libaiter.so: compile-or-cache kernels, launch them on  *|
|* HIP or the emulator with DLPack tensors, inspect and clear the cache.      *|
\*===----------------------------------------------------------------------===*/

#ifndef AITER_C_AITER_H
#define AITER_C_AITER_H

#include <dlpack/dlpack.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__GNUC__)
#define AITER_API __attribute__((visibility("default")))
#else
#define AITER_API
#endif

/* Bumped on any incompatible change of this header's types or functions.
 * 2: aiter_context_options_t and aiter_cache_stats_t gained the remote-tier
 * fields at their ends; the library still accepts the ABI 1 struct_size of
 * both (offsetof the first new field), for callers built against ABI 1.
 * 3: aiter_attention_desc_t gained `alibi` and `bias_dtype` at its end (the
 * ABI 2 struct_size, offsetof `alibi`, is still accepted: neither feature),
 * and aiter_attention_launch_args takes the tensors those need.
 * 4: aiter_gemm_desc_t gained the epilogue fields at its end (the ABI 3
 * struct_size, offsetof `has_alpha_beta`, is still accepted: no epilogue),
 * and aiter_gemm_launch_args takes the C and bias tensors. */
#define AITER_ABI_VERSION 4

/*--- Status and errors ------------------------------------------------------
 * Every function returns a status. On failure a message is stored in a
 * thread-local buffer that aiter_last_error_message() returns (borrowed,
 * valid until the next aiter_ call on the same thread). */
typedef enum aiter_status_t {
  AITER_OK = 0,
  AITER_ERROR_INVALID_ARGUMENT = 1, /* NULL pointer, bad enum, bad struct_size */
  AITER_ERROR_UNSUPPORTED = 2,      /* a spec the compiler cannot build yet */
  AITER_ERROR_COMPILE = 3,          /* the compiler failed */
  AITER_ERROR_BAD_TENSOR = 4,       /* dtype, rank, shape, stride, alignment */
  AITER_ERROR_DEVICE_UNAVAILABLE = 5, /* no HIP / no compiler library */
  AITER_ERROR_DEVICE = 6,           /* HIP or the emulator reported an error */
  AITER_ERROR_CACHE = 7,            /* the cache could not be used */
  AITER_ERROR_INTERNAL = 8,
} aiter_status_t;

/* The ABI version the library was built with (AITER_ABI_VERSION). */
AITER_API uint32_t aiter_abi_version(void);
/* The compiler build id that is part of every cache key. Borrowed, static. */
AITER_API const char *aiter_build_id(void);
/* A static name for `status` ("AITER_OK", ...). Borrowed, static. */
AITER_API const char *aiter_status_string(aiter_status_t status);
/* The message of the last failed call on this thread ("" if none).
 * Borrowed: valid until the next aiter_ call on this thread. */
AITER_API const char *aiter_last_error_message(void);

/*--- Context ----------------------------------------------------------------
 * A context owns the memory tier of the cache, the disk tier's settings and
 * the device state. Thread-safe: every function taking a context may be called
 * from many threads at once. */
typedef struct aiter_context_s *aiter_context_t;

typedef enum aiter_cache_mode_t {
  AITER_CACHE_MODE_DEFAULT = 0, /* $AITER_CACHE (rw|ro|off), else rw */
  AITER_CACHE_MODE_RW = 1,
  AITER_CACHE_MODE_RO = 2, /* read entries, never write */
  AITER_CACHE_MODE_OFF = 3, /* memory tier only */
} aiter_cache_mode_t;

typedef enum aiter_log_level_t {
  AITER_LOG_INFO = 0,
  AITER_LOG_WARNING = 1,
  AITER_LOG_ERROR = 2,
} aiter_log_level_t;

/* Called from any thread; `message` is borrowed for the call only. */
typedef void (*aiter_log_callback_t)(void *user_data, aiter_log_level_t level,
                                     const char *message);

typedef struct aiter_context_options_t {
  size_t struct_size; /* sizeof(aiter_context_options_t) */
  /* NULL: $AITER_CACHE_DIR, else $XDG_CACHE_HOME/aiter, else ~/.cache/aiter.
   * Copied. */
  const char *cache_dir;
  aiter_cache_mode_t cache_mode;
  /* Byte cap of each tier (LRU eviction); 0 = 1 GiB. */
  uint64_t cache_max_bytes;
  /* Chip for kernels when no AMD GPU is present (NULL = "gfx942"). Copied. */
  const char *default_chip;
  int device_ordinal; /* HIP device of this context */
  aiter_log_callback_t log_callback; /* may be NULL */
  void *log_user_data;
  /* ABI 2. The remote tier under memory and disk: "redis://host[:port][/db]";
   * NULL or "" = $AITER_CACHE_REMOTE (unset: none); "off" = none. Not used
   * in cache mode off; never written in ro. Copied. */
  const char *cache_remote;
  /* Budget of one remote operation in ms; 0 = $AITER_CACHE_REMOTE_TIMEOUT_MS,
   * else 250. */
  uint32_t cache_remote_timeout_ms;
} aiter_context_options_t;

/* Creates a context. `options` may be NULL (all defaults). The caller owns
 * *out_context and releases it with aiter_context_destroy. */
AITER_API aiter_status_t
aiter_context_create(const aiter_context_options_t *options,
                     aiter_context_t *out_context);
/* Destroys a context (NULL is a no-op). Kernels created from it must be
 * destroyed first. */
AITER_API aiter_status_t aiter_context_destroy(aiter_context_t context);

/*--- Kernel specifications ------------------------------------------------*/
typedef enum aiter_dtype_t {
  AITER_DTYPE_F16 = 1,
  AITER_DTYPE_BF16 = 2,
  AITER_DTYPE_F32 = 3,
} aiter_dtype_t;

/* The bias vector of a GEMM epilogue. */
typedef enum aiter_gemm_bias_t {
  AITER_GEMM_BIAS_NONE = 0,
  AITER_GEMM_BIAS_ROW = 1, /* [N]: bias[j] is added to column j of every row */
  AITER_GEMM_BIAS_COL = 2, /* [M]: bias[i] is added to every column of row i */
} aiter_gemm_bias_t;

/* The activation of a GEMM epilogue (PyTorch's definitions). */
typedef enum aiter_gemm_activation_t {
  AITER_GEMM_ACTIVATION_NONE = 0,
  AITER_GEMM_ACTIVATION_RELU = 1,     /* max(x, 0) */
  AITER_GEMM_ACTIVATION_GELU = 2,     /* tanh approximation */
  AITER_GEMM_ACTIVATION_GELU_ERF = 3, /* 0.5 x (1 + erf(x / sqrt 2)) */
  AITER_GEMM_ACTIVATION_SILU = 4,     /* x / (1 + exp(-x)) */
} aiter_gemm_activation_t;

/* Mirrors `aiter.gemm`: D[M, N] = act(alpha * op(A) * op(B) + beta * C +
 * bias). Zero-initialised epilogue fields mean no epilogue (alpha 1, beta 0,
 * no C, no bias, no activation). */
typedef struct aiter_gemm_desc_t {
  size_t struct_size; /* sizeof(aiter_gemm_desc_t) */
  aiter_dtype_t dtype;     /* A and B: f16 or bf16 */
  aiter_dtype_t out_dtype; /* D: f16, bf16 or f32 */
  int trans_a;             /* A is K x M */
  int trans_b;             /* B is N x K */
  const char *chip;   /* NULL = the context's device, else e.g. "gfx950" */
  const char *config; /* NULL/"" = tuned default, else "tile_m=...,..." */
  /* ABI 4. 0: alpha = 1 and beta = 0, whatever the two fields hold (so a
   * zeroed struct computes a plain GEMM); 1: alpha and beta are read. They
   * are compile-time constants of the kernel and must be finite. */
  int has_alpha_beta;
  float alpha, beta;
  /* ABI 4. 0 = no C input; else C's dtype (f16, bf16 or f32). Required
   * exactly when beta != 0 (with beta 0 no C is read). C is a launch argument
   * (aiter_gemm_args_t) and may be D itself. */
  aiter_dtype_t c_dtype;
  /* ABI 4. A bias vector added after alpha/beta, of dtype bias_dtype (f16,
   * bf16 or f32; 0 with AITER_GEMM_BIAS_NONE), a launch argument. */
  aiter_gemm_bias_t bias;
  aiter_dtype_t bias_dtype;
  /* ABI 4. Applied last. */
  aiter_gemm_activation_t activation;
} aiter_gemm_desc_t;

typedef enum aiter_attention_layout_t {
  AITER_ATTENTION_LAYOUT_BSHD = 0,
  AITER_ATTENTION_LAYOUT_BHSD = 1,
} aiter_attention_layout_t;

/* Mirrors `aiter.attention`. */
typedef struct aiter_attention_desc_t {
  size_t struct_size; /* sizeof(aiter_attention_desc_t) */
  aiter_dtype_t dtype; /* f16 or bf16 */
  int64_t head_dim;
  int64_t head_dim_v; /* 0 = head_dim */
  int causal;
  int has_window;     /* window(window_left, window_right); -1 = unbounded */
  int64_t window_left, window_right;
  float softcap;      /* 0 = off */
  float scale;        /* 0 = 1/sqrt(head_dim) */
  int return_lse;
  aiter_attention_layout_t layout;
  const char *chip;
  const char *config;
  /* ABI 3. ALiBi as flash-attention's alibi_slopes: -slope * |i + seq_k -
   * seq_q - j| is added to the score of query i and key j, after the
   * softcap. The slopes are a launch argument (aiter_attention_args_t). */
  int alibi;
  /* ABI 3. 0 = no bias; else the dtype (f16, bf16 or f32) of an additive
   * bias added to the scores after the softcap, a launch argument. */
  aiter_dtype_t bias_dtype;
} aiter_attention_desc_t;

/*--- Kernels ----------------------------------------------------------------
 * A kernel holds both alignment variants (aligned and general), compiled or
 * read from the cache at creation; launch picks one by the tensors it gets.
 * Thread-safe: one kernel may be launched from many threads at once. */
typedef struct aiter_kernel_s *aiter_kernel_t;

/* Compiles (or finds in the cache) a GEMM kernel. The caller owns
 * *out_kernel (aiter_kernel_destroy). `desc` is copied. */
AITER_API aiter_status_t aiter_kernel_create_gemm(aiter_context_t context,
                                                  const aiter_gemm_desc_t *desc,
                                                  aiter_kernel_t *out_kernel);
/* As aiter_kernel_create_gemm for attention. */
AITER_API aiter_status_t
aiter_kernel_create_attention(aiter_context_t context,
                              const aiter_attention_desc_t *desc,
                              aiter_kernel_t *out_kernel);
/* Destroys a kernel (NULL is a no-op). No launch may be in flight. */
AITER_API aiter_status_t aiter_kernel_destroy(aiter_kernel_t kernel);

typedef enum aiter_variant_t {
  AITER_VARIANT_ALIGNED = 0,
  AITER_VARIANT_GENERAL = 1,
} aiter_variant_t;

typedef enum aiter_device_kind_t {
  AITER_DEVICE_NONE = 0, /* not launched yet */
  AITER_DEVICE_EMULATOR = 1,
  AITER_DEVICE_HIP = 2,
} aiter_device_kind_t;

typedef struct aiter_kernel_info_t {
  size_t struct_size; /* set by the caller: sizeof(aiter_kernel_info_t) */
  char chip[64];      /* full target id the kernel was built for */
  char name[128];     /* kernel symbol */
  uint32_t vgpr_count, agpr_count, sgpr_count;
  uint32_t vgpr_spill_count, sgpr_spill_count;
  uint32_t lds_bytes, scratch_bytes;
  uint32_t kernarg_bytes;
  uint32_t workgroup_size;
  int cache_hit;       /* 1: memory, disk or remote tier, 0: compiled */
  int disk_cache_hit;  /* 1: read from the disk tier */
  double compile_ms;   /* wall time of create (compile or cache read) */
  aiter_device_kind_t last_device; /* device of the last launch */
} aiter_kernel_info_t;

/* Fills *info for `variant`. info->struct_size must be set. */
AITER_API aiter_status_t aiter_kernel_get_info(aiter_kernel_t kernel,
                                               aiter_variant_t variant,
                                               aiter_kernel_info_t *info);
/* The cache key of `variant`: 64 lower-case hex digits and a NUL written to
 * buf, which must hold AITER_CACHE_KEY_SIZE bytes. The key hashes the
 * spec's canonical text, the target id, the tile configuration, the
 * compiler build and the code-changing environment variables; the same spec
 * from any entry point (this API, Python, `aiter-compile --cache-key`) has
 * the same key. */
#define AITER_CACHE_KEY_SIZE 65
AITER_API aiter_status_t aiter_kernel_get_cache_key(aiter_kernel_t kernel,
                                                    aiter_variant_t variant,
                                                    char *buf, size_t size);
/* The HSACO bytes of `variant`, borrowed: valid while the kernel lives. */
AITER_API aiter_status_t aiter_kernel_get_code_object(aiter_kernel_t kernel,
                                                      aiter_variant_t variant,
                                                      const void **out_data,
                                                      size_t *out_size);

/*--- Launch -----------------------------------------------------------------
 * The tensors decide the device: all kDLCPU = the emulator (synchronous),
 * all kDLROCM = HIP on `stream` (a hipStream_t, NULL = the null stream;
 * asynchronous). Every tensor is validated first; on failure nothing is read
 * or written. Launch never compiles. Tensors are borrowed for the call. */

/* GEMM: a [M, K] (or [K, M] with trans_a), b [K, N] (or [N, K] with
 * trans_b), c [M, N]. */
AITER_API aiter_status_t aiter_gemm_launch(aiter_kernel_t kernel,
                                           const DLTensor *a, const DLTensor *b,
                                           const DLTensor *c, void *stream);
/* ABI 4. Every tensor of a GEMM launch; a kernel with a C input or a bias
 * launches only through aiter_gemm_launch_args. */
typedef struct aiter_gemm_args_t {
  size_t struct_size;    /* sizeof(aiter_gemm_args_t) */
  const DLTensor *a, *b; /* inputs, as aiter_gemm_launch's */
  const DLTensor *d;     /* output [M, N] of desc.out_dtype */
  /* [M, N] of desc.c_dtype iff desc.c_dtype, else NULL; any strides. It may
   * be d itself (the same data, byte_offset, shape and strides: in place),
   * but must not overlap d otherwise. */
  const DLTensor *c;
  /* iff desc.bias: 1-D of desc.bias_dtype, [N] (row) or [M] (col), any
   * stride; else NULL. */
  const DLTensor *bias;
} aiter_gemm_args_t;

/* As aiter_gemm_launch, with the tensors in `args` (borrowed for the call).
 * K = 0 writes D = act(beta * C + bias); M or N = 0 runs nothing. */
AITER_API aiter_status_t aiter_gemm_launch_args(aiter_kernel_t kernel,
                                                const aiter_gemm_args_t *args,
                                                void *stream);

/* Attention: q, k, v, o 4-D in the kernel's layout; lse [b, heads, seq_q]
 * f32 when the kernel returns it (else must be NULL). */
AITER_API aiter_status_t
aiter_attention_launch(aiter_kernel_t kernel, const DLTensor *q,
                       const DLTensor *k, const DLTensor *v, const DLTensor *o,
                       const DLTensor *lse, void *stream);

/* ABI 3. Every tensor of an attention launch; a kernel with ALiBi or a bias
 * launches only through aiter_attention_launch_args. */
typedef struct aiter_attention_args_t {
  size_t struct_size;        /* sizeof(aiter_attention_args_t) */
  const DLTensor *q, *k, *v; /* inputs, as aiter_attention_launch's */
  const DLTensor *o;         /* output */
  const DLTensor *lse;       /* [b, heads, seq_q] f32 iff return_lse, or NULL */
  /* f32 [heads] or [batch, heads] iff desc.alibi, else NULL. Any strides. */
  const DLTensor *alibi_slopes;
  /* iff desc.bias_dtype: 4-D of that dtype, each dimension of extent
   * [batch, heads, seq_q, seq_k]'s or 1 (broadcast), any strides (a
   * dimension of stride 0 broadcasts too, as torch's expand), else NULL. */
  const DLTensor *bias;
} aiter_attention_args_t;

/* As aiter_attention_launch, with the tensors in `args` (borrowed for the
 * call). Unit-stride, 16-byte aligned slopes and bias keep the aligned
 * variant; a broadcast along seq_k (stride 0 in the last dimension) runs the
 * general one. */
AITER_API aiter_status_t aiter_attention_launch_args(
    aiter_kernel_t kernel, const aiter_attention_args_t *args, void *stream);

/*--- Cache ------------------------------------------------------------------*/
typedef struct aiter_cache_stats_t {
  size_t struct_size; /* set by the caller */
  uint64_t memory_hits, disk_hits;
  uint64_t misses; /* every tier missed: compiled */
  uint64_t memory_bytes, disk_bytes;
  uint64_t evictions; /* memory and disk tiers */
  uint64_t errors;    /* corrupt/foreign entries, failed writes (local) */
  /* ABI 2. The remote tier: lookups answered with a valid entry, lookups
   * answered without one (no such key, or a rejected value), and errors
   * (failed or timed-out operations, rejected values). */
  uint64_t remote_hits, remote_misses, remote_errors;
} aiter_cache_stats_t;

/* This context's counters; disk_bytes is the directory's current size. */
AITER_API aiter_status_t aiter_cache_stats(aiter_context_t context,
                                           aiter_cache_stats_t *stats);
/* Empties the memory tier and deletes every entry file of the disk tier's
 * directory (not in read-only mode). Live kernels stay valid. The remote
 * tier is shared with other hosts and is left alone. */
AITER_API aiter_status_t aiter_cache_clear(aiter_context_t context);

#ifdef __cplusplus
}
#endif

#endif /* AITER_C_AITER_H */
