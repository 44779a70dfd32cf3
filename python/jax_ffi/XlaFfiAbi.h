//===- XlaFfiAbi.h - the part of the XLA FFI C ABI the handlers use -*- C++
//-*-===//
//
// Declarations of the XLA FFI C ABI, API version 0.1 (the version of
// xla/ffi/api/c_api.h that jaxlib 0.4.31 and later ship), restricted to what
// aiter_jax_ffi.cc reads: the call frame, buffers, scalar attributes, errors
// and the stream. Written from the published layout so the handlers build
// without jaxlib; the ABI is append-only within a major version (newer XLA
// passes larger structs and a longer function table, never a different
// prefix), so a handler that declares 0.1 runs under newer XLA too.
//
//===----------------------------------------------------------------------===//

#ifndef AITER_PYTHON_JAX_FFI_XLAFFIABI_H
#define AITER_PYTHON_JAX_FFI_XLAFFIABI_H

#include <cstddef>
#include <cstdint>

namespace aiter_xla {

constexpr int kApiMajor = 0;
constexpr int kApiMinor = 1;

enum ExtensionType : int { kExtensionMetadata = 1 };

struct ExtensionBase {
  size_t struct_size;
  ExtensionType type;
  ExtensionBase *next;
};

struct ApiVersion {
  size_t struct_size;
  ExtensionBase *extension_start;
  int major_version;
  int minor_version;
};

} // namespace aiter_xla

// The structs in the signatures of the XLA API functions the handlers call
// (and of the handlers themselves) carry XLA's own global names: calling a
// function through a pointer of another type is undefined behaviour, which
// UBSan's function-type check (-fsanitize=function) reports against XLA's
// (or a test's) C definitions.
struct XLA_FFI_Error; // opaque, owned by XLA's API implementation

namespace aiter_xla {
using Error = ::XLA_FFI_Error;

enum ErrorCode : int {
  kErrorInvalidArgument = 3,
  kErrorUnimplemented = 12,
  kErrorInternal = 13,
  kErrorUnavailable = 14,
};

} // namespace aiter_xla

struct XLA_FFI_Error_Create_Args {
  size_t struct_size;
  aiter_xla::ExtensionBase *extension_start;
  const char *message;
  aiter_xla::ErrorCode errc;
};

namespace aiter_xla {
using ErrorCreateArgs = ::XLA_FFI_Error_Create_Args;

// xla::PrimitiveType numbering.
enum DataType : int {
  kS32 = 4,
  kS64 = 5,
  kF16 = 10,
  kF32 = 11,
  kBF16 = 16,
};

struct Buffer {
  size_t struct_size;
  ExtensionBase *extension_start;
  DataType dtype;
  void *data;
  int64_t rank;
  int64_t *dims;
};

enum ArgType : int { kArgBuffer = 1 };
enum RetType : int { kRetBuffer = 1 };
enum AttrType : int {
  kAttrArray = 1,
  kAttrDictionary = 2,
  kAttrScalar = 3,
  kAttrString = 4,
};

struct ExecutionContext; // opaque

struct ByteSpan {
  const char *ptr;
  size_t len;
};

struct Scalar {
  DataType dtype;
  void *value;
};

enum ExecutionStage : int {
  kStageInstantiate = 0,
  kStagePrepare = 1,
  kStageInitialize = 2,
  kStageExecute = 3,
};

struct Args {
  size_t struct_size;
  ExtensionBase *extension_start;
  int64_t size;
  ArgType *types;
  void **args;
};

struct Rets {
  size_t struct_size;
  ExtensionBase *extension_start;
  int64_t size;
  RetType *types;
  void **rets;
};

struct Attrs {
  size_t struct_size;
  ExtensionBase *extension_start;
  int64_t size;
  AttrType *types;
  ByteSpan **names;
  void **attrs;
};

struct Api;

struct CallFrame {
  size_t struct_size;
  ExtensionBase *extension_start;
  const Api *api;
  ExecutionContext *ctx;
  ExecutionStage stage;
  Args args;
  Rets rets;
  Attrs attrs;
  void *future; // out; synchronous handlers leave it alone
};

} // namespace aiter_xla

struct XLA_FFI_Stream_Get_Args {
  size_t struct_size;
  aiter_xla::ExtensionBase *extension_start;
  aiter_xla::ExecutionContext *ctx;
  void *stream; // out
};

namespace aiter_xla {
using StreamGetArgs = ::XLA_FFI_Stream_Get_Args;

struct Metadata {
  size_t struct_size;
  ApiVersion api_version;
  uint32_t traits;
};

struct MetadataExtension {
  ExtensionBase extension_base;
  Metadata *metadata;
};

using ErrorCreateFn = Error *(ErrorCreateArgs *);
using StreamGetFn = Error *(StreamGetArgs *);
using AnyFn = void (*)();

// The function table up to the last entry the handlers call.
struct Api {
  size_t struct_size;
  ExtensionBase *extension_start;
  ApiVersion api_version;
  void *internal_api;
  ErrorCreateFn *error_create;
  AnyFn error_get_message;
  AnyFn error_destroy;
  AnyFn handler_register;
  StreamGetFn *stream_get;
};

// Sizes as XLA computes them (through the last field of the 0.1 struct):
// a caller may pass more, never less.
constexpr size_t kCallFrameSize = offsetof(CallFrame, attrs) + sizeof(Attrs);
constexpr size_t kArgsSize = offsetof(Args, args) + sizeof(void **);
constexpr size_t kRetsSize = offsetof(Rets, rets) + sizeof(void **);
constexpr size_t kAttrsSize = offsetof(Attrs, attrs) + sizeof(void **);
constexpr size_t kBufferSize = offsetof(Buffer, dims) + sizeof(int64_t *);
constexpr size_t kApiVersionSize =
    offsetof(ApiVersion, minor_version) + sizeof(int);
constexpr size_t kMetadataSize = offsetof(Metadata, traits) + sizeof(uint32_t);
constexpr size_t kMetadataExtensionSize =
    offsetof(MetadataExtension, metadata) + sizeof(Metadata *);
constexpr size_t kErrorCreateArgsSize =
    offsetof(ErrorCreateArgs, errc) + sizeof(ErrorCode);
constexpr size_t kStreamGetArgsSize =
    offsetof(StreamGetArgs, stream) + sizeof(void *);
constexpr size_t kApiErrorCreateEnd =
    offsetof(Api, error_create) + sizeof(ErrorCreateFn *);
constexpr size_t kApiStreamGetEnd =
    offsetof(Api, stream_get) + sizeof(StreamGetFn *);

} // namespace aiter_xla

#endif // AITER_PYTHON_JAX_FFI_XLAFFIABI_H
