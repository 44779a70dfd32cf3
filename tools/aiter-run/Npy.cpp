//===- Npy.cpp - .npy reading/writing and iree-style input values ---------===//
//
// NumPy format 1.0/2.0 headers (little-endian, C order only), value parsing
// and printing for aiter-run.
//
//===----------------------------------------------------------------------===//

#include "Npy.h"

#include "aiter/Emulator/FloatConv.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/raw_ostream.h"

#include "llvm/ADT/APFloat.h"

#include <cstring>

using namespace aiter;
using namespace aiter::run;
using emu::ElemType;

static llvm::Error err(const llvm::Twine &msg) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                 "error: " + msg);
}

/// NumPy descr strings accepted for each element type (bits are copied).
static bool descrOk(ElemType t, llvm::StringRef d) {
  d = d.trim("'\" ");
  switch (t) {
  case ElemType::I1:
    return d == "|b1" || d == "|u1" || d == "|i1";
  case ElemType::I8:
    return d == "|i1" || d == "|u1";
  case ElemType::I16:
    return d == "<i2" || d == "<u2";
  case ElemType::I32:
    return d == "<i4" || d == "<u4";
  case ElemType::I64:
  case ElemType::Index:
    return d == "<i8" || d == "<u8";
  case ElemType::F16:
    return d == "<f2" || d == "<u2" || d == "<i2";
  case ElemType::BF16:
    return d == "<u2" || d == "<i2" || d == "<V2";
  case ElemType::F32:
    return d == "<f4";
  case ElemType::F64:
    return d == "<f8";
  default:
    return d == "|u1" || d == "|i1" || d == "|V1";
  }
}

static const char *descrFor(ElemType t) {
  switch (t) {
  case ElemType::I1:
    return "|b1";
  case ElemType::I8:
    return "|i1";
  case ElemType::I16:
    return "<i2";
  case ElemType::I32:
    return "<i4";
  case ElemType::I64:
  case ElemType::Index:
    return "<i8";
  case ElemType::F16:
    return "<f2";
  case ElemType::BF16:
    return "<u2"; // bf16 bits
  case ElemType::F32:
    return "<f4";
  case ElemType::F64:
    return "<f8";
  default:
    return "|u1"; // fp8 bits
  }
}

static llvm::Error readNpy(llvm::StringRef path, HostValue &v) {
  auto buf = llvm::MemoryBuffer::getFile(path, /*IsText=*/false);
  if (!buf)
    return err("cannot read '" + path + "': " + buf.getError().message());
  return run::parseNpy((*buf)->getBuffer(), path, v);
}

llvm::Error run::parseNpy(llvm::StringRef data, llvm::StringRef path,
                          HostValue &v) {
  if (data.size() < 10 || !data.starts_with("\x93NUMPY"))
    return err("'" + path + "' is not a .npy file");
  unsigned major = uint8_t(data[6]);
  size_t hlen, hstart;
  if (major == 1) {
    hlen = uint8_t(data[8]) | (uint8_t(data[9]) << 8);
    hstart = 10;
  } else {
    if (data.size() < 12)
      return err("'" + path + "' is truncated");
    hlen = uint8_t(data[8]) | (uint8_t(data[9]) << 8) |
           (uint32_t(uint8_t(data[10])) << 16) |
           (uint32_t(uint8_t(data[11])) << 24);
    hstart = 12;
  }
  if (hstart + hlen > data.size())
    return err("'" + path + "' is truncated");
  llvm::StringRef hdr = data.substr(hstart, hlen);
  auto field = [&](llvm::StringRef key) -> llvm::StringRef {
    size_t p = hdr.find(key);
    if (p == llvm::StringRef::npos)
      return {};
    llvm::StringRef rest = hdr.substr(p + key.size());
    rest = rest.drop_until([](char c) { return c == ':'; }).drop_front();
    return rest.ltrim();
  };
  llvm::StringRef descr = field("'descr'");
  descr = descr.substr(0, descr.find(','));
  if (!descrOk(v.elem, descr))
    return err(llvm::formatv("'{0}' holds dtype {1}, which does not fit {2}",
                             path, descr.trim(), emu::elemTypeName(v.elem)));
  if (field("'fortran_order'").starts_with("True"))
    return err("'" + path + "' is in Fortran order; save it C-contiguous");
  llvm::StringRef shp = field("'shape'");
  shp = shp.drop_front().take_until([](char c) { return c == ')'; });
  std::vector<int64_t> shape;
  llvm::SmallVector<llvm::StringRef, 4> parts;
  shp.split(parts, ',', -1, false);
  for (llvm::StringRef p : parts) {
    p = p.trim();
    if (p.empty())
      continue;
    int64_t d;
    if (p.getAsInteger(10, d))
      return err("bad shape in '" + path + "'");
    shape.push_back(d);
  }
  if (shape != v.shape) {
    std::string want, got;
    for (int64_t d : v.shape)
      want += std::to_string(d) + "x";
    for (int64_t d : shape)
      got += std::to_string(d) + "x";
    return err(llvm::formatv("'{0}' has shape {1}, the input says {2}", path,
                             got.empty() ? "()" : got,
                             want.empty() ? "()" : want));
  }
  size_t bytes = size_t(v.numElements()) * emu::elemBytes(v.elem);
  llvm::StringRef payload = data.substr(hstart + hlen);
  if (payload.size() < bytes)
    return err("'" + path + "' is truncated");
  v.bytes.assign(payload.begin(), payload.begin() + bytes);
  return llvm::Error::success();
}

static bool parseScalar(ElemType t, llvm::StringRef s, uint64_t &bits) {
  s = s.trim();
  if (!emu::isFloatElem(t)) {
    if (s == "true") {
      bits = 1;
      return true;
    }
    if (s == "false") {
      bits = 0;
      return true;
    }
    int64_t i;
    if (s.getAsInteger(0, i))
      return false;
    unsigned w = t == ElemType::I1 ? 1 : emu::elemBytes(t) * 8;
    bits = w >= 64 ? uint64_t(i) : uint64_t(i) & ((1ull << w) - 1);
    return true;
  }
  double d;
  if (s == "nan" || s == "NaN")
    d = NAN;
  else if (s == "inf")
    d = INFINITY;
  else if (s == "-inf")
    d = -INFINITY;
  else if (s.getAsDouble(d))
    return false;
  switch (t) {
  case ElemType::F32:
    bits = emu::floatBits(float(d));
    return true;
  case ElemType::F64:
    bits = emu::doubleBits(d);
    return true;
  case ElemType::F16:
    bits = emu::doubleToF16(d);
    return true;
  case ElemType::BF16:
    bits = emu::doubleToBf16(d);
    return true;
  default: {
    const llvm::fltSemantics *sem =
        t == ElemType::F8E4M3FNUZ   ? &llvm::APFloat::Float8E4M3FNUZ()
        : t == ElemType::F8E5M2FNUZ ? &llvm::APFloat::Float8E5M2FNUZ()
        : t == ElemType::F8E4M3FN   ? &llvm::APFloat::Float8E4M3FN()
                                    : &llvm::APFloat::Float8E5M2();
    llvm::APFloat v(d);
    bool lost;
    v.convert(*sem, llvm::APFloat::rmNearestTiesToEven, &lost);
    bits = v.bitcastToAPInt().getZExtValue();
    return true;
  }
  }
}

llvm::Expected<HostValue> run::parseInput(llvm::StringRef spec) {
  HostValue v;
  size_t eq = spec.find('=');
  if (eq == llvm::StringRef::npos)
    return err("input '" + spec + "' needs the form TYPE=VALUE");
  llvm::StringRef type = spec.substr(0, eq), val = spec.substr(eq + 1);
  // Leading all-digit `Nx` groups are dimensions; the rest is the type
  // (so `index`, `4xindex` and `f8E4M3FNUZ` parse).
  llvm::SmallVector<llvm::StringRef, 4> dims;
  llvm::StringRef rest = type;
  for (;;) {
    size_t x = rest.find('x');
    if (x == llvm::StringRef::npos || x == 0)
      break;
    llvm::StringRef head = rest.substr(0, x);
    if (!llvm::all_of(head, [](char c) { return c >= '0' && c <= '9'; }))
      break;
    dims.push_back(head);
    rest = rest.substr(x + 1);
  }
  llvm::StringRef et = rest;
  if (!emu::parseElemType(et, v.elem))
    return err("unknown element type '" + et + "' in input '" + spec + "'");
  for (llvm::StringRef d : dims) {
    int64_t n;
    if (d.getAsInteger(10, n) || n < 0)
      return err("bad dimension '" + d + "' in input '" + spec + "'");
    v.shape.push_back(n);
  }
  v.isScalar = dims.empty();
  unsigned es = emu::elemBytes(v.elem);
  if (val.starts_with("@")) {
    if (v.isScalar)
      return err("scalar input '" + spec + "' cannot come from a file");
    if (auto e = readNpy(val.drop_front(), v))
      return std::move(e);
    return v;
  }
  llvm::SmallVector<llvm::StringRef, 16> toks;
  val.split(toks, ' ', -1, false);
  int64_t n = v.numElements();
  if (toks.size() != size_t(n) && toks.size() != 1)
    return err(llvm::formatv("input '{0}' has {1} values for {2} elements",
                             spec, toks.size(), n));
  v.bytes.resize(size_t(n) * es);
  for (int64_t i = 0; i < n; ++i) {
    uint64_t bits;
    llvm::StringRef tok = toks.size() == 1 ? toks[0] : toks[i];
    if (!parseScalar(v.elem, tok, bits))
      return err("cannot parse '" + tok + "' as " + emu::elemTypeName(v.elem) +
                 " in input '" + spec + "'");
    std::memcpy(v.bytes.data() + i * es, &bits, es);
  }
  return v;
}

llvm::Error run::writeNpy(const HostValue &v, llvm::StringRef path) {
  std::string shape = "(";
  for (int64_t d : v.shape)
    shape += std::to_string(d) + ", ";
  if (v.shape.size() > 1)
    shape.resize(shape.size() - 1), shape.back() = ')';
  else if (v.shape.size() == 1)
    shape.resize(shape.size() - 1), shape.back() = ')', shape.back() = ',',
                                    shape += ")";
  else
    shape += ")";
  std::string hdr = llvm::formatv("{{'descr': '{0}', 'fortran_order': False, "
                                  "'shape': {1}, }",
                                  descrFor(v.elem), shape)
                        .str();
  size_t total = 10 + hdr.size() + 1;
  hdr.append((64 - total % 64) % 64, ' ');
  hdr += '\n';
  std::error_code ec;
  llvm::raw_fd_ostream os(path, ec);
  if (ec)
    return err("cannot write '" + path + "': " + ec.message());
  os << "\x93NUMPY" << char(1) << char(0) << char(hdr.size() & 0xff)
     << char(hdr.size() >> 8) << hdr;
  os.write(reinterpret_cast<const char *>(v.bytes.data()), v.bytes.size());
  return llvm::Error::success();
}

std::string run::formatElement(ElemType t, uint64_t bits) {
  if (!emu::isFloatElem(t)) {
    unsigned w = t == ElemType::I1 ? 1 : emu::elemBytes(t) * 8;
    if (w == 1)
      return (bits & 1) ? "1" : "0";
    int64_t s = w >= 64 ? int64_t(bits) : int64_t(bits << (64 - w)) >> (64 - w);
    return std::to_string(s);
  }
  double d;
  switch (t) {
  case ElemType::F32:
    d = emu::bitsFloat(uint32_t(bits));
    break;
  case ElemType::F64:
    d = emu::bitsDouble(bits);
    break;
  case ElemType::F16:
    d = emu::f16ToFloat(uint16_t(bits));
    break;
  case ElemType::BF16:
    d = emu::bf16ToFloat(uint16_t(bits));
    break;
  default: {
    const llvm::fltSemantics *sem =
        t == ElemType::F8E4M3FNUZ   ? &llvm::APFloat::Float8E4M3FNUZ()
        : t == ElemType::F8E5M2FNUZ ? &llvm::APFloat::Float8E5M2FNUZ()
        : t == ElemType::F8E4M3FN   ? &llvm::APFloat::Float8E4M3FN()
                                    : &llvm::APFloat::Float8E5M2();
    llvm::APFloat v(*sem, llvm::APInt(8, bits & 0xff));
    bool lost;
    v.convert(llvm::APFloat::IEEEdouble(), llvm::APFloat::rmNearestTiesToEven,
              &lost);
    d = v.convertToDouble();
  }
  }
  if (std::isnan(d))
    return "nan";
  if (std::isinf(d))
    return d < 0 ? "-inf" : "inf";
  // Shortest text that reads back to the same bits of the element type.
  std::string best;
  for (int p = 1; p <= 17; ++p) {
    std::string s = llvm::formatv("{0}", llvm::format("%.*g", p, d)).str();
    double back = std::strtod(s.c_str(), nullptr);
    bool same;
    switch (t) {
    case ElemType::F64:
      same = back == d;
      break;
    case ElemType::F16:
      same = emu::doubleToF16(back) == uint16_t(bits);
      break;
    case ElemType::BF16:
      same = emu::doubleToBf16(back) == uint16_t(bits);
      break;
    default:
      same = float(back) == float(d);
      break;
    }
    if (same && (best.empty() || s.size() < best.size()))
      best = s;
  }
  if (!best.empty())
    return best;
  return llvm::formatv("{0}", llvm::format("%.17g", d)).str();
}

std::string run::formatValue(const HostValue &v) {
  std::string s;
  for (int64_t d : v.shape)
    s += std::to_string(d) + "x";
  s += emu::elemTypeName(v.elem).str() + "=";
  unsigned es = emu::elemBytes(v.elem);
  int64_t n = v.numElements();
  int64_t row = v.shape.empty() ? 1 : v.shape.back();
  bool brackets = v.shape.size() > 1;
  for (int64_t i = 0; i < n; ++i) {
    if (brackets && i % row == 0)
      s += "[";
    else if (i)
      s += " ";
    uint64_t bits = 0;
    std::memcpy(&bits, v.bytes.data() + i * es, es);
    s += formatElement(v.elem, bits);
    if (brackets && i % row == row - 1)
      s += "]";
  }
  return s;
}
