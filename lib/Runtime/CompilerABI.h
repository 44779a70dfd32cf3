/*===- CompilerABI.h - the C-ABI table of libaiter-compiler.so ---*- C -*-===*\
|*                                                                            *|
|* libaiter.so (no LLVM) dlopens libaiter-compiler.so (compiler + emulator,   *|
|* libLLVM/libMLIR) on demand and calls it only through this table.           *|
\*===----------------------------------------------------------------------===*/

#ifndef AITER_RUNTIME_COMPILERABI_H
#define AITER_RUNTIME_COMPILERABI_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define AITER_COMPILER_ABI_VERSION 1u

/* A compiled kernel; owned by the compiler library (free_result). */
typedef struct aiter_compiler_result_t {
  const char *meta; /* "key value" lines, see Metadata.h */
  size_t meta_size;
  const char *code_object;
  size_t code_object_size;
  const char *simt_ir;
  size_t simt_ir_size;
} aiter_compiler_result_t;

/* One emulator argument: a strided host buffer (elements). */
typedef struct aiter_compiler_emu_arg_t {
  void *data;
  int64_t bytes;
  int32_t elem; /* 0 f16, 1 bf16, 2 f32 */
  int32_t rank;
  int64_t shape[8];
  int64_t strides[8];
} aiter_compiler_emu_arg_t;

/* compile's failure codes. */
#define AITER_COMPILER_UNSUPPORTED 2    /* a valid spec it cannot build */
#define AITER_COMPILER_FAILED 3         /* lowering / codegen failed */
#define AITER_COMPILER_INVALID_CONFIG 4 /* bad tile configuration string */
#define AITER_COMPILER_INVALID_TARGET 5 /* chip not in the target table */

typedef struct aiter_compiler_api_t {
  uint32_t abi_version; /* AITER_COMPILER_ABI_VERSION */
  uint32_t struct_size;
  const char *build_id; /* must equal libaiter's */
  /* Returns 0 and *out on success; else one of the AITER_COMPILER_* codes
   * below and *error (free_string). */
  int (*compile)(const char *source, const char *chip, const char *config,
                 const char *variant, unsigned opt_level,
                 aiter_compiler_result_t **out, char **error);
  void (*free_result)(aiter_compiler_result_t *result);
  void (*free_string)(char *s);
  /* Parses SIMT IR once; *handle is freed with emu_unload. */
  int (*emu_load)(const char *ir, size_t ir_size, void **handle, char **error);
  /* Runs `kernel` of a loaded module; thread-safe per handle. */
  int (*emu_run)(void *handle, const char *kernel, const int64_t grid[3],
                 const int64_t block[3], const aiter_compiler_emu_arg_t *args,
                 size_t num_args, char **error);
  void (*emu_unload)(void *handle);
} aiter_compiler_api_t;

typedef const aiter_compiler_api_t *(*aiter_compiler_get_api_fn)(void);

#ifdef __cplusplus
}
#endif

#endif /* AITER_RUNTIME_COMPILERABI_H */
