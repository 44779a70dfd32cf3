// The JAX FFI handlers (python/jax_ffi, libaiter_jax_ffi.so) called the way
// XLA calls them, without JAX: the call frame of the XLA FFI C API version
// 0.1 (the version the handlers declare; checked through the metadata
// extension first), built here from XLA's published layout in
// xla/ffi/api/c_api.h, independently of the handlers' own declarations, with
// a fake API table (error create/get message/destroy, stream get).
// - The CPU handlers run a GEMM and an attention on the emulator and match a
//   CPU reference; the ROCm handlers reach the (fake) HIP launch with the
//   stream XLA's context gave, and hand back the context's stream error.
// - Every malformed frame (dtype, rank, shape, missing, unknown and
//   wrong-typed attributes, arity, NULL pointers, struct sizes, stages)
//   returns an FFI error with a message naming the fault and leaves the
//   outputs unwritten; a frame without an API table returns without running.
//
// REQUIRES: libaiter
// RUN: rm -rf %t.dir && mkdir -p %t.dir
// RUN: %cc -shared -fPIC -fvisibility=hidden -Wl,-soname,libamdhip64.so %S/../Runtime/Inputs/fake_hip.c -o %t.dir/libamdhip64.so
// RUN: %cc %s -laiter_jax_ffi -ldl -o %t
// RUN: env AITER_CACHE_DIR=%t.dir/cache AITER_HIP_LIBRARY=%t.dir/libamdhip64.so %t %t.dir/libamdhip64.so 2>&1 | FileCheck %s
// CHECK: metadata: XLA FFI API 0.1
// CHECK: gemm on the emulator: ok
// CHECK: attention on the emulator: ok
// CHECK: rocm launch on the context's stream: ok
// CHECK: bad frames:
// CHECK-NOT: FAIL
// CHECK: PASS

#include "Inputs/testutil.h"

#include <dlfcn.h>
#include <math.h>
#include <stddef.h>
#include <stdint.h>

/*--- The XLA FFI C ABI, API 0.1 (xla/ffi/api/c_api.h) -----------------------*/
typedef struct XLA_FFI_Extension_Base {
  size_t struct_size;
  int type; /* XLA_FFI_Extension_Type: 1 = metadata */
  struct XLA_FFI_Extension_Base *next;
} XLA_FFI_Extension_Base;

typedef struct XLA_FFI_Api_Version {
  size_t struct_size;
  XLA_FFI_Extension_Base *extension_start;
  int major_version;
  int minor_version;
} XLA_FFI_Api_Version;

typedef struct XLA_FFI_Error XLA_FFI_Error;
enum { ERR_INVALID_ARGUMENT = 3, ERR_UNIMPLEMENTED = 12, ERR_INTERNAL = 13 };

typedef struct XLA_FFI_Error_Create_Args {
  size_t struct_size;
  XLA_FFI_Extension_Base *extension_start;
  const char *message;
  int errc;
} XLA_FFI_Error_Create_Args;
typedef struct XLA_FFI_Error_GetMessage_Args {
  size_t struct_size;
  XLA_FFI_Extension_Base *extension_start;
  XLA_FFI_Error *error;
  const char *message;
} XLA_FFI_Error_GetMessage_Args;
typedef struct XLA_FFI_Error_Destroy_Args {
  size_t struct_size;
  XLA_FFI_Extension_Base *extension_start;
  XLA_FFI_Error *error;
} XLA_FFI_Error_Destroy_Args;

enum {
  DT_S32 = 4,
  DT_S64 = 5,
  DT_F16 = 10,
  DT_F32 = 11,
  DT_F64 = 12,
  DT_BF16 = 16
};

typedef struct XLA_FFI_Buffer {
  size_t struct_size;
  XLA_FFI_Extension_Base *extension_start;
  int dtype;
  void *data;
  int64_t rank;
  int64_t *dims;
} XLA_FFI_Buffer;

enum { ARG_BUFFER = 1, RET_BUFFER = 1 };
enum { ATTR_ARRAY = 1, ATTR_DICTIONARY = 2, ATTR_SCALAR = 3, ATTR_STRING = 4 };

typedef struct XLA_FFI_ExecutionContext XLA_FFI_ExecutionContext;
typedef struct XLA_FFI_ByteSpan {
  const char *ptr;
  size_t len;
} XLA_FFI_ByteSpan;
typedef struct XLA_FFI_Scalar {
  int dtype;
  void *value;
} XLA_FFI_Scalar;

enum { STAGE_INSTANTIATE, STAGE_PREPARE, STAGE_INITIALIZE, STAGE_EXECUTE };

typedef struct XLA_FFI_Args {
  size_t struct_size;
  XLA_FFI_Extension_Base *extension_start;
  int64_t size;
  int *types;
  void **args;
} XLA_FFI_Args;
typedef struct XLA_FFI_Rets {
  size_t struct_size;
  XLA_FFI_Extension_Base *extension_start;
  int64_t size;
  int *types;
  void **rets;
} XLA_FFI_Rets;
typedef struct XLA_FFI_Attrs {
  size_t struct_size;
  XLA_FFI_Extension_Base *extension_start;
  int64_t size;
  int *types;
  XLA_FFI_ByteSpan **names;
  void **attrs;
} XLA_FFI_Attrs;

typedef struct XLA_FFI_Api XLA_FFI_Api;
typedef struct XLA_FFI_CallFrame {
  size_t struct_size;
  XLA_FFI_Extension_Base *extension_start;
  const XLA_FFI_Api *api;
  XLA_FFI_ExecutionContext *ctx;
  int stage;
  XLA_FFI_Args args;
  XLA_FFI_Rets rets;
  XLA_FFI_Attrs attrs;
  void *future;
} XLA_FFI_CallFrame;

typedef struct XLA_FFI_Stream_Get_Args {
  size_t struct_size;
  XLA_FFI_Extension_Base *extension_start;
  XLA_FFI_ExecutionContext *ctx;
  void *stream;
} XLA_FFI_Stream_Get_Args;

typedef struct XLA_FFI_Metadata {
  size_t struct_size;
  XLA_FFI_Api_Version api_version;
  uint32_t traits;
} XLA_FFI_Metadata;
typedef struct XLA_FFI_Metadata_Extension {
  XLA_FFI_Extension_Base extension_base;
  XLA_FFI_Metadata *metadata;
} XLA_FFI_Metadata_Extension;

typedef void (*AnyFn)(void);
struct XLA_FFI_Api {
  size_t struct_size;
  XLA_FFI_Extension_Base *extension_start;
  XLA_FFI_Api_Version api_version;
  void *internal_api;
  XLA_FFI_Error *(*XLA_FFI_Error_Create)(XLA_FFI_Error_Create_Args *);
  void (*XLA_FFI_Error_GetMessage)(XLA_FFI_Error_GetMessage_Args *);
  void (*XLA_FFI_Error_Destroy)(XLA_FFI_Error_Destroy_Args *);
  AnyFn XLA_FFI_Handler_Register;
  XLA_FFI_Error *(*XLA_FFI_Stream_Get)(XLA_FFI_Stream_Get_Args *);
  AnyFn XLA_FFI_TypeId_Register, XLA_FFI_ExecutionContext_Get,
      XLA_FFI_State_Set, XLA_FFI_State_Get, XLA_FFI_DeviceMemory_Allocate,
      XLA_FFI_DeviceMemory_Free, XLA_FFI_ThreadPool_Schedule,
      XLA_FFI_Future_Create, XLA_FFI_Future_SetAvailable,
      XLA_FFI_Future_SetError;
};

#define STRUCT_SIZE(type, last)                                                \
  (offsetof(type, last) + sizeof(((type *)0)->last))
/* As XLA defines them: the call frame's size ends at attrs. */
#define CALL_FRAME_SIZE STRUCT_SIZE(XLA_FFI_CallFrame, attrs)

typedef XLA_FFI_Error *Handler(XLA_FFI_CallFrame *);
Handler AiterJaxGemm, AiterJaxAttention, AiterJaxGemmCpu, AiterJaxAttentionCpu;

/*--- A fake XLA runtime
 * ------------------------------------------------------*/
struct XLA_FFI_Error {
  int code;
  char message[1024];
};
static int g_errors_live, g_stream_gets, g_stream_fails;
static XLA_FFI_ExecutionContext *const kCtx =
    (XLA_FFI_ExecutionContext *)0x5157;
static void *const kStream = (void *)0xabc0;

static XLA_FFI_Error *fake_error_create(XLA_FFI_Error_Create_Args *a) {
  EXPECT_TRUE(a->struct_size >= STRUCT_SIZE(XLA_FFI_Error_Create_Args, errc));
  XLA_FFI_Error *e = calloc(1, sizeof(*e));
  e->code = a->errc;
  snprintf(e->message, sizeof(e->message), "%s", a->message);
  ++g_errors_live;
  return e;
}
static void fake_error_message(XLA_FFI_Error_GetMessage_Args *a) {
  a->message = a->error->message;
}
static void fake_error_destroy(XLA_FFI_Error_Destroy_Args *a) {
  --g_errors_live;
  free(a->error);
}
static XLA_FFI_Error *fake_stream_get(XLA_FFI_Stream_Get_Args *a) {
  ++g_stream_gets;
  EXPECT_TRUE(a->struct_size >= STRUCT_SIZE(XLA_FFI_Stream_Get_Args, stream));
  EXPECT_TRUE(a->ctx == kCtx);
  if (g_stream_fails) {
    XLA_FFI_Error_Create_Args c = {sizeof(c), NULL, "no stream here",
                                   ERR_INTERNAL};
    return fake_error_create(&c);
  }
  a->stream = kStream;
  return NULL;
}

static XLA_FFI_Api g_api;

static void init_api(void) {
  memset(&g_api, 0, sizeof(g_api));
  g_api.struct_size = STRUCT_SIZE(XLA_FFI_Api, XLA_FFI_Future_SetError);
  g_api.api_version.struct_size =
      STRUCT_SIZE(XLA_FFI_Api_Version, minor_version);
  g_api.api_version.major_version = 0;
  g_api.api_version.minor_version = 1;
  g_api.XLA_FFI_Error_Create = fake_error_create;
  g_api.XLA_FFI_Error_GetMessage = fake_error_message;
  g_api.XLA_FFI_Error_Destroy = fake_error_destroy;
  g_api.XLA_FFI_Stream_Get = fake_stream_get;
}

/*--- Call frames
 * ---------------------------------------------------------------*/
enum { MAX_BUF = 5, MAX_ATTR = 8 };
typedef struct frame_t {
  XLA_FFI_CallFrame f;
  XLA_FFI_Buffer bufs[MAX_BUF];
  int64_t dims[MAX_BUF][4];
  void *argp[MAX_BUF], *retp[MAX_BUF];
  int argt[MAX_BUF], rett[MAX_BUF];
  int nattr;
  XLA_FFI_ByteSpan names[MAX_ATTR];
  XLA_FFI_ByteSpan *namep[MAX_ATTR];
  XLA_FFI_Scalar scalars[MAX_ATTR];
  int64_t values[MAX_ATTR];
  void *attrp[MAX_ATTR];
  int attrt[MAX_ATTR];
} frame_t;

static void frame_init(frame_t *fr) {
  memset(fr, 0, sizeof(*fr));
  fr->f.struct_size = sizeof(XLA_FFI_CallFrame);
  fr->f.api = &g_api;
  fr->f.ctx = kCtx;
  fr->f.stage = STAGE_EXECUTE;
  fr->f.args.struct_size = STRUCT_SIZE(XLA_FFI_Args, args);
  fr->f.args.types = fr->argt;
  fr->f.args.args = fr->argp;
  fr->f.rets.struct_size = STRUCT_SIZE(XLA_FFI_Rets, rets);
  fr->f.rets.types = fr->rett;
  fr->f.rets.rets = fr->retp;
  fr->f.attrs.struct_size = STRUCT_SIZE(XLA_FFI_Attrs, attrs);
  fr->f.attrs.types = fr->attrt;
  fr->f.attrs.names = fr->namep;
  fr->f.attrs.attrs = fr->attrp;
}

/* Buffer `i` of the frame (args first, then results). */
static XLA_FFI_Buffer *buffer(frame_t *fr, int i, int dtype, void *data,
                              int rank, const int64_t *dims) {
  XLA_FFI_Buffer *b = &fr->bufs[i];
  b->struct_size = STRUCT_SIZE(XLA_FFI_Buffer, dims);
  b->dtype = dtype;
  b->data = data;
  b->rank = rank;
  memcpy(fr->dims[i], dims, sizeof(int64_t) * (size_t)rank);
  b->dims = fr->dims[i];
  return b;
}
static void add_arg(frame_t *fr, int dtype, void *data, int rank,
                    const int64_t *dims) {
  int i = (int)fr->f.args.size++;
  fr->argt[i] = ARG_BUFFER;
  fr->argp[i] = buffer(fr, i, dtype, data, rank, dims);
}
static void add_ret(frame_t *fr, int dtype, void *data, int rank,
                    const int64_t *dims) {
  int i = (int)fr->f.rets.size++;
  fr->rett[i] = RET_BUFFER;
  fr->retp[i] = buffer(fr, (int)fr->f.args.size + i, dtype, data, rank, dims);
}
/* Scalar attributes, added in name order (XLA sorts them by name). */
static void add_attr(frame_t *fr, const char *name, int dtype, int64_t i64,
                     float f32) {
  int i = fr->nattr++;
  fr->names[i].ptr = name;
  fr->names[i].len = strlen(name);
  fr->namep[i] = &fr->names[i];
  if (dtype == DT_F32)
    memcpy(&fr->values[i], &f32, 4);
  else if (dtype == DT_S32) {
    int32_t v = (int32_t)i64;
    memcpy(&fr->values[i], &v, 4);
  } else
    fr->values[i] = i64;
  fr->scalars[i].dtype = dtype;
  fr->scalars[i].value = &fr->values[i];
  fr->attrp[i] = &fr->scalars[i];
  fr->attrt[i] = ATTR_SCALAR;
  fr->f.attrs.size = fr->nattr;
}

/*--- GEMM and attention frames
 * -------------------------------------------------*/
enum { M = 40, N = 24, K = 32 };
static uint16_t g_a[M * K], g_b[K * N];
static float g_c[M * N];

static void gemm_frame(frame_t *fr) {
  frame_init(fr);
  int64_t da[2] = {M, K}, db[2] = {K, N}, dc[2] = {M, N};
  add_arg(fr, DT_BF16, g_a, 2, da);
  add_arg(fr, DT_BF16, g_b, 2, db);
  add_ret(fr, DT_F32, g_c, 2, dc);
  add_attr(fr, "trans_a", DT_S32, 0, 0);
  add_attr(fr, "trans_b", DT_S32, 0, 0);
}

enum { AB = 1, AS = 16, AH = 2, AD = 64 };
static uint16_t g_q[AB * AS * AH * AD], g_k[AB * AS * AH * AD],
    g_v[AB * AS * AH * AD], g_o[AB * AS * AH * AD];
static float g_lse[AB * AH * AS];
static const float kScale = 0.1f;

static void attention_frame(frame_t *fr) {
  frame_init(fr);
  int64_t d[4] = {AB, AS, AH, AD}, dl[3] = {AB, AH, AS};
  add_arg(fr, DT_BF16, g_q, 4, d);
  add_arg(fr, DT_BF16, g_k, 4, d);
  add_arg(fr, DT_BF16, g_v, 4, d);
  add_ret(fr, DT_BF16, g_o, 4, d);
  add_ret(fr, DT_F32, g_lse, 3, dl);
  add_attr(fr, "causal", DT_S32, 0, 0);
  add_attr(fr, "layout", DT_S32, 0, 0); /* bshd */
  add_attr(fr, "scale", DT_F32, 0, kScale);
  add_attr(fr, "softcap", DT_F32, 0, 0);
  add_attr(fr, "window_left", DT_S64, -1, 0);
  add_attr(fr, "window_right", DT_S64, -1, 0);
}

/* The handler's answer must be an error of `code` whose message has
 * `needle`; it is destroyed as XLA would. */
static int g_failures;
static void expect_error(XLA_FFI_Error *e, int code, const char *needle,
                         const char *what) {
  if (!e) {
    printf("FAIL %s: no error\n", what);
    ++g_failures;
    return;
  }
  XLA_FFI_Error_GetMessage_Args m = {sizeof(m), NULL, e, NULL};
  g_api.XLA_FFI_Error_GetMessage(&m);
  if (e->code != code || !strstr(m.message, needle)) {
    printf("FAIL %s: code %d (want %d), message '%s' (want '%s')\n", what,
           e->code, code, m.message, needle);
    ++g_failures;
  } else {
    fprintf(stderr, "  %s: %s\n", what, m.message);
  }
  XLA_FFI_Error_Destroy_Args d = {sizeof(d), NULL, e};
  g_api.XLA_FFI_Error_Destroy(&d);
}

static const float kSentinel = 12345.0f;
static void poison_c(void) {
  for (int i = 0; i < M * N; ++i)
    g_c[i] = kSentinel;
}
static int c_untouched(void) {
  for (int i = 0; i < M * N; ++i)
    if (g_c[i] != kSentinel)
      return 0;
  return 1;
}

/* A bad GEMM frame: `mutate` breaks it; the call must fail before writing. */
typedef void (*mutate_t)(frame_t *);
static void bad_gemm(Handler *h, mutate_t mutate, int code, const char *needle,
                     const char *what) {
  frame_t fr;
  gemm_frame(&fr);
  mutate(&fr);
  poison_c();
  expect_error(h(&fr.f), code, needle, what);
  if (!c_untouched()) {
    printf("FAIL %s: the output was written\n", what);
    ++g_failures;
  }
}
static void bad_attention(mutate_t mutate, const char *needle,
                          const char *what) {
  frame_t fr;
  attention_frame(&fr);
  mutate(&fr);
  expect_error(AiterJaxAttentionCpu(&fr.f), ERR_INVALID_ARGUMENT, needle, what);
}

static void m_a_s32(frame_t *f) { f->bufs[0].dtype = DT_S32; }
static void m_c_f64(frame_t *f) { f->bufs[2].dtype = DT_F64; }
static void m_a_f32(frame_t *f) { f->bufs[0].dtype = DT_F32; }
static void m_a_rank3(frame_t *f) {
  f->bufs[0].rank = 3;
  f->dims[0][2] = 1;
}
static void m_a_rank9(frame_t *f) { f->bufs[0].rank = 9; }
static void m_k_mismatch(frame_t *f) { f->dims[1][0] = K + 8; }
static void m_negative_dim(frame_t *f) { f->dims[2][1] = -1; }
static void m_missing_attr(frame_t *f) { f->f.attrs.size = 1; }
static void m_attr_f32(frame_t *f) { f->scalars[1].dtype = DT_F32; }
static void m_attr_s64(frame_t *f) { f->scalars[0].dtype = DT_S64; }
static void m_attr_array(frame_t *f) { f->attrt[0] = ATTR_ARRAY; }
static void m_attr_string(frame_t *f) { f->attrt[1] = ATTR_STRING; }
static void m_attr_unknown(frame_t *f) { f->names[1].ptr = "trans_c"; }
static void m_attr_twice(frame_t *f) { f->names[1].ptr = "trans_a"; }
static void m_attr_value_2(frame_t *f) { f->values[0] = 2; }
static void m_one_arg(frame_t *f) { f->f.args.size = 1; }
static void m_three_args(frame_t *f) { f->f.args.size = 3; }
static void m_no_rets(frame_t *f) { f->f.rets.size = 0; }
static void m_arg_not_buffer(frame_t *f) { f->argt[1] = 7; }
static void m_args_null(frame_t *f) { f->f.args.args = NULL; }
static void m_arg_types_null(frame_t *f) { f->f.args.types = NULL; }
static void m_arg1_null(frame_t *f) { f->argp[1] = NULL; }
static void m_ret_null(frame_t *f) { f->retp[0] = NULL; }
static void m_dims_null(frame_t *f) { f->bufs[1].dims = NULL; }
static void m_data_null(frame_t *f) { f->bufs[0].data = NULL; }
static void m_names_null(frame_t *f) { f->f.attrs.names = NULL; }
static void m_name0_null(frame_t *f) { f->namep[0] = NULL; }
static void m_name_ptr_null(frame_t *f) { f->names[0].ptr = NULL; }
static void m_attrs_null(frame_t *f) { f->f.attrs.attrs = NULL; }
static void m_scalar_null(frame_t *f) { f->attrp[1] = NULL; }
static void m_value_null(frame_t *f) { f->scalars[0].value = NULL; }
static void m_frame_size(frame_t *f) { f->f.struct_size = 16; }
static void m_frame_size_short(frame_t *f) {
  f->f.struct_size = CALL_FRAME_SIZE - 1;
}
static void m_args_size(frame_t *f) { f->f.args.struct_size = 0; }
static void m_rets_size(frame_t *f) { f->f.rets.struct_size = 8; }
static void m_attrs_size(frame_t *f) { f->f.attrs.struct_size = 8; }
static void m_buffer_size(frame_t *f) { f->bufs[2].struct_size = 8; }
static void m_stage(frame_t *f) { f->f.stage = 9; }
static void m_negative_attrs(frame_t *f) { f->f.attrs.size = -1; }

static void m_q_rank3(frame_t *f) { f->bufs[0].rank = 3; }
static void m_v_rank2(frame_t *f) { f->bufs[2].rank = 2; }
static void m_two_args(frame_t *f) { f->f.args.size = 2; }
static void m_one_ret(frame_t *f) { f->f.rets.size = 1; }
static void m_layout_7(frame_t *f) { f->values[1] = 7; }
static void m_window_s32(frame_t *f) { f->scalars[4].dtype = DT_S32; }
static void m_scale_s32(frame_t *f) { f->scalars[2].dtype = DT_S32; }
static void m_lse_f16(frame_t *f) { f->bufs[4].dtype = DT_F16; }
static void m_lse_rank2(frame_t *f) { f->bufs[4].rank = 2; }
static void m_no_softcap(frame_t *f) {
  /* drop "softcap" (index 3): shift the later ones down */
  for (int i = 3; i < 5; ++i) {
    f->names[i] = f->names[i + 1];
    f->scalars[i] = f->scalars[i + 1];
    f->values[i] = f->values[i + 1];
    f->scalars[i].value = &f->values[i];
  }
  f->f.attrs.size = 5;
}

static int check_attention(void) {
  double worst = 0, worstLse = 0;
  for (int h = 0; h < AH; ++h)
    for (int i = 0; i < AS; ++i) {
      const uint16_t *qi = g_q + (i * AH + h) * AD;
      double s[AS], m = -INFINITY, l = 0;
      for (int j = 0; j < AS; ++j) {
        const uint16_t *kj = g_k + (j * AH + h) * AD;
        double dot = 0;
        for (int c = 0; c < AD; ++c)
          dot += (double)bf16_to_f32(qi[c]) * bf16_to_f32(kj[c]);
        s[j] = dot * kScale;
        m = s[j] > m ? s[j] : m;
      }
      for (int j = 0; j < AS; ++j)
        l += exp(s[j] - m);
      for (int c = 0; c < AD; ++c) {
        double acc = 0;
        for (int j = 0; j < AS; ++j)
          acc += exp(s[j] - m) / l * bf16_to_f32(g_v[(j * AH + h) * AD + c]);
        double err = fabs(acc - bf16_to_f32(g_o[(i * AH + h) * AD + c]));
        worst = err > worst ? err : worst;
      }
      double e = fabs(m + log(l) - g_lse[h * AS + i]);
      worstLse = e > worstLse ? e : worstLse;
    }
  fprintf(stderr, "attention max abs error: o %g, lse %g\n", worst, worstLse);
  return worst < 2e-2 && worstLse < 1e-3;
}

typedef struct fake_launch_t {
  unsigned grid[3], block[3], shared;
  void *stream;
  size_t size;
  unsigned char bytes[4096];
  int count;
} fake_launch_t;

int main(int argc, char **argv) {
  (void)argc;
  init_api();
  frame_t fr;

  /* XLA first asks each handler for its API version. */
  Handler *all[] = {AiterJaxGemm, AiterJaxAttention, AiterJaxGemmCpu,
                    AiterJaxAttentionCpu};
  for (int i = 0; i < 4; ++i) {
    XLA_FFI_Metadata md;
    memset(&md, 0, sizeof(md));
    md.struct_size = STRUCT_SIZE(XLA_FFI_Metadata, traits);
    md.traits = 0xdead;
    XLA_FFI_Metadata_Extension ext = {
        {STRUCT_SIZE(XLA_FFI_Metadata_Extension, metadata), 1, NULL}, &md};
    frame_init(&fr);
    fr.f.extension_start = &ext.extension_base;
    EXPECT_TRUE(all[i](&fr.f) == NULL);
    EXPECT_TRUE(md.api_version.major_version == 0 &&
                md.api_version.minor_version == 1);
    EXPECT_TRUE(md.api_version.struct_size ==
                STRUCT_SIZE(XLA_FFI_Api_Version, minor_version));
    EXPECT_TRUE(md.traits == 0);
    ext.metadata = NULL;
    expect_error(all[i](&fr.f), ERR_INVALID_ARGUMENT, "metadata",
                 "metadata extension without metadata");
  }
  printf("metadata: XLA FFI API %d.%d\n", 0, 1);

  /* The stages before execute have nothing to do and touch nothing. */
  for (int stage = STAGE_INSTANTIATE; stage < STAGE_EXECUTE; ++stage) {
    gemm_frame(&fr);
    fr.f.stage = stage;
    poison_c();
    EXPECT_TRUE(AiterJaxGemmCpu(&fr.f) == NULL && c_untouched());
  }

  /* GEMM on the emulator: C = A B, then C = A B^T (trans_b) into f32. */
  fill_bf16(g_a, M * K, 1);
  fill_bf16(g_b, K * N, 2);
  gemm_frame(&fr);
  poison_c();
  EXPECT_TRUE(AiterJaxGemmCpu(&fr.f) == NULL);
  EXPECT_TRUE(check_gemm_f32(g_a, g_b, g_c, M, N, K, N));
  static uint16_t bt[N * K];
  for (int k = 0; k < K; ++k)
    for (int n = 0; n < N; ++n)
      bt[n * K + k] = g_b[k * N + n];
  gemm_frame(&fr);
  fr.bufs[1].data = bt;
  fr.dims[1][0] = N;
  fr.dims[1][1] = K;
  fr.values[1] = 1; /* trans_b */
  poison_c();
  EXPECT_TRUE(AiterJaxGemmCpu(&fr.f) == NULL);
  EXPECT_TRUE(check_gemm_f32(g_a, g_b, g_c, M, N, K, N));
  EXPECT_TRUE(g_stream_gets == 0); /* the CPU platform has no stream */
  printf("gemm on the emulator: ok\n");

  /* Attention on the emulator (bshd, scale 0.1, LSE). */
  fill_bf16(g_q, sizeof(g_q) / 2, 3);
  fill_bf16(g_k, sizeof(g_k) / 2, 4);
  fill_bf16(g_v, sizeof(g_v) / 2, 5);
  attention_frame(&fr);
  EXPECT_TRUE(AiterJaxAttentionCpu(&fr.f) == NULL);
  EXPECT_TRUE(check_attention());
  printf("attention on the emulator: ok\n");

  /* ROCm: the (fake) HIP launch gets the stream of XLA's context. No GPU:
   * the buffers are host memory the fake never reads. */
  void *hip = dlopen(argv[1], RTLD_NOW | RTLD_GLOBAL);
  EXPECT_TRUE(hip != NULL);
  fake_launch_t *launch = (fake_launch_t *)dlsym(hip, "fake_last_launch");
  EXPECT_TRUE(launch != NULL);
  gemm_frame(&fr);
  EXPECT_TRUE(AiterJaxGemm(&fr.f) == NULL);
  EXPECT_TRUE(g_stream_gets == 1 && launch->count == 1 &&
              launch->stream == kStream);
  g_stream_fails = 1; /* the context's error is handed back as it is */
  gemm_frame(&fr);
  expect_error(AiterJaxGemm(&fr.f), ERR_INTERNAL, "no stream here",
               "stream get fails");
  g_stream_fails = 0;
  EXPECT_TRUE(launch->count == 1);
  printf("rocm launch on the context's stream: ok\n");

  printf("bad frames:\n");
  struct {
    mutate_t m;
    const char *needle, *what;
  } gemmCases[] = {
      {m_a_s32, "dtype s32 is not f16, bf16 or f32", "a of dtype s32"},
      {m_c_f64, "dtype xla type 12", "c of dtype f64"},
      {m_a_f32, "AITER_ERROR", "a of dtype f32 (not a GEMM input type)"},
      {m_a_rank3, "AITER_ERROR_BAD_TENSOR", "a of rank 3"},
      {m_a_rank9, "rank 9 is outside", "a of rank 9"},
      {m_k_mismatch, "AITER_ERROR_BAD_TENSOR", "K of a and b differ"},
      {m_negative_dim, "negative dimension", "negative dimension"},
      {m_missing_attr, "missing attribute 'trans_b'", "no trans_b"},
      {m_attr_f32, "'trans_b' must be s32, got f32", "trans_b as f32"},
      {m_attr_s64, "'trans_a' must be s32, got s64", "trans_a as s64"},
      {m_attr_array, "must be a scalar", "trans_a as an array"},
      {m_attr_string, "must be a scalar", "trans_b as a string"},
      {m_attr_unknown, "unknown attribute 'trans_c'", "attribute trans_c"},
      {m_attr_twice, "given twice", "trans_a twice"},
      {m_attr_value_2, "must be 0 or 1", "trans_a = 2"},
      {m_one_arg, "expected 2 arguments, got 1", "one argument"},
      {m_three_args, "expected 2 arguments, got 3", "three arguments"},
      {m_no_rets, "expected 1 results, got 0", "no result"},
      {m_arg_not_buffer, "is not a buffer", "argument of type 7"},
      {m_args_null, "args array is NULL", "args.args NULL"},
      {m_arg_types_null, "args array is NULL", "args.types NULL"},
      {m_arg1_null, "argument 1 (b) is NULL", "argument 1 NULL"},
      {m_ret_null, "result 0 (c) is NULL", "result 0 NULL"},
      {m_dims_null, "dims is NULL", "b.dims NULL"},
      {m_data_null, "AITER_ERROR_BAD_TENSOR", "a.data NULL"},
      {m_names_null, "attrs array is NULL", "attrs.names NULL"},
      {m_name0_null, "has no name", "attrs.names[0] NULL"},
      {m_name_ptr_null, "has no name", "attribute name pointer NULL"},
      {m_attrs_null, "attrs array is NULL", "attrs.attrs NULL"},
      {m_scalar_null, "has no value", "attrs.attrs[1] NULL"},
      {m_value_null, "has no value", "scalar value NULL"},
      {m_frame_size, "call frame struct_size 16", "frame struct_size 16"},
      {m_frame_size_short, "call frame struct_size", "frame one byte short"},
      {m_args_size, "args struct_size 0", "args struct_size 0"},
      {m_rets_size, "rets struct_size 8", "rets struct_size 8"},
      {m_attrs_size, "attrs struct_size 8", "attrs struct_size 8"},
      {m_buffer_size, "buffer struct_size 8", "buffer struct_size 8"},
      {m_stage, "unknown execution stage 9", "stage 9"},
      {m_negative_attrs, "negative attribute count", "attrs.size -1"},
  };
  int n = (int)(sizeof(gemmCases) / sizeof(gemmCases[0]));
  for (int i = 0; i < n; ++i) {
    int code = gemmCases[i].m == m_a_f32 ? -1 : ERR_INVALID_ARGUMENT;
    if (code < 0) { /* the C API calls f32 inputs unsupported or invalid */
      frame_t f2;
      gemm_frame(&f2);
      m_a_f32(&f2);
      poison_c();
      XLA_FFI_Error *e = AiterJaxGemmCpu(&f2.f);
      EXPECT_TRUE(e != NULL && c_untouched());
      expect_error(e,
                   e->code == ERR_UNIMPLEMENTED ? ERR_UNIMPLEMENTED
                                                : ERR_INVALID_ARGUMENT,
                   gemmCases[i].needle, gemmCases[i].what);
      continue;
    }
    bad_gemm(AiterJaxGemmCpu, gemmCases[i].m, code, gemmCases[i].needle,
             gemmCases[i].what);
    /* The ROCm handler checks the same frame the same way. */
    bad_gemm(AiterJaxGemm, gemmCases[i].m, code, gemmCases[i].needle,
             gemmCases[i].what);
  }
  struct {
    mutate_t m;
    const char *needle, *what;
  } attCases[] = {
      {m_q_rank3, "q must be 4-D, got rank 3", "q of rank 3"},
      {m_v_rank2, "v must be 4-D, got rank 2", "v of rank 2"},
      {m_two_args, "expected 3 arguments, got 2", "two arguments"},
      {m_one_ret, "expected 2 results, got 1", "no lse result"},
      {m_layout_7, "layout must be 0 (bshd) or 1 (bhsd), got 7", "layout 7"},
      {m_window_s32, "'window_left' must be s64, got s32", "window as s32"},
      {m_scale_s32, "'scale' must be f32, got s32", "scale as s32"},
      {m_lse_f16, "AITER_ERROR_BAD_TENSOR", "lse of dtype f16"},
      {m_lse_rank2, "AITER_ERROR_BAD_TENSOR", "lse of rank 2"},
      {m_no_softcap, "missing attribute 'softcap'", "no softcap"},
  };
  for (int i = 0; i < (int)(sizeof(attCases) / sizeof(attCases[0])); ++i)
    bad_attention(attCases[i].m, attCases[i].needle, attCases[i].what);

  /* No API table: nothing to report an error through; nothing runs. */
  gemm_frame(&fr);
  fr.f.api = NULL;
  poison_c();
  EXPECT_TRUE(AiterJaxGemmCpu(&fr.f) == NULL && c_untouched());
  XLA_FFI_Api noCreate = g_api;
  noCreate.XLA_FFI_Error_Create = NULL;
  gemm_frame(&fr);
  fr.f.api = &noCreate;
  EXPECT_TRUE(AiterJaxGemmCpu(&fr.f) == NULL && c_untouched());
  EXPECT_TRUE(AiterJaxGemmCpu(NULL) == NULL);
  /* An API table too short for stream_get: an error, not a wild call. */
  XLA_FFI_Api shortApi = g_api;
  shortApi.struct_size = offsetof(XLA_FFI_Api, XLA_FFI_Stream_Get);
  gemm_frame(&fr);
  fr.f.api = &shortApi;
  expect_error(AiterJaxGemm(&fr.f), ERR_INTERNAL, "no stream_get",
               "API table without stream_get");

  /* A newer XLA passes a larger frame: accepted. */
  gemm_frame(&fr);
  fr.f.struct_size = sizeof(XLA_FFI_CallFrame) + 64;
  poison_c();
  EXPECT_TRUE(AiterJaxGemmCpu(&fr.f) == NULL);
  EXPECT_TRUE(check_gemm_f32(g_a, g_b, g_c, M, N, K, N));

  EXPECT_TRUE(g_errors_live == 0);
  if (g_failures)
    return 1;
  printf("PASS\n");
  return 0;
}
