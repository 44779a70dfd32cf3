//===- AiterAttrs.cpp - aiter dialect attributes ----------------*- C++ -*-===//
//
// #aiter.linear: a tile's distributed layout as a GF(2)-linear map from
// (register, lane, wave) to its coordinates; syntax, verifier, conversions.
//===----------------------------------------------------------------------===//

#include "aiter/Dialect/Aiter/IR/AiterDialect.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/DialectImplementation.h"

#include "llvm/ADT/TypeSwitch.h"

using namespace mlir;
using namespace mlir::aiter;

#define GET_ATTRDEF_CLASSES
#include "aiter/Dialect/Aiter/IR/AiterAttrs.cpp.inc"

namespace {
/// The hardware dimensions of a distributed layout, in the attribute's order.
constexpr llvm::StringLiteral kInDims[] = {layout::kRegister, layout::kLane,
                                           layout::kWave};
constexpr int64_t kLaneBases = 6; // wave64
} // namespace

//===----------------------------------------------------------------------===//
// Syntax
//===----------------------------------------------------------------------===//

/// `[[c0, c1], [c0, c1], ...]`: one basis per bit.
static ParseResult parseBases(AsmParser &p,
                              SmallVectorImpl<SmallVector<int64_t>> &bases) {
  return p.parseCommaSeparatedList(AsmParser::Delimiter::Square, [&] {
    SmallVector<int64_t> &basis = bases.emplace_back();
    return p.parseCommaSeparatedList(AsmParser::Delimiter::Square, [&] {
      return p.parseInteger(basis.emplace_back());
    });
  });
}

Attribute LinearLayoutAttr::parse(AsmParser &p, Type) {
  SmallVector<SmallVector<int64_t>> bases[3];
  SmallVector<int64_t> shape;
  llvm::SMLoc loc = p.getCurrentLocation();
  if (p.parseLess())
    return {};
  for (auto [i, name] : llvm::enumerate(kInDims)) {
    if ((i && p.parseComma()) || p.parseKeyword(name) || p.parseEqual() ||
        parseBases(p, bases[i]))
      return {};
  }
  if (p.parseComma() || p.parseKeyword("shape") || p.parseEqual() ||
      p.parseCommaSeparatedList(
          AsmParser::Delimiter::Square,
          [&] { return p.parseInteger(shape.emplace_back()); }) ||
      p.parseGreater())
    return {};
  SmallVector<int64_t> flat[3];
  for (int d = 0; d < 3; ++d)
    for (const SmallVector<int64_t> &basis : bases[d]) {
      if (basis.size() != shape.size()) {
        p.emitError(loc) << "each " << kInDims[d] << " basis needs "
                         << shape.size()
                         << " coordinates (one per tile dimension), got "
                         << basis.size();
        return {};
      }
      llvm::append_range(flat[d], basis);
    }
  return p.getChecked<LinearLayoutAttr>(loc, p.getContext(), shape, flat[0],
                                        flat[1], flat[2]);
}

void LinearLayoutAttr::print(AsmPrinter &p) const {
  int64_t rank = getRank();
  auto printBases = [&](ArrayRef<int64_t> flat) {
    p << "[";
    for (int64_t i = 0; i * rank < int64_t(flat.size()); ++i) {
      if (i)
        p << ", ";
      p << "[";
      llvm::interleaveComma(flat.slice(i * rank, rank), p);
      p << "]";
    }
    p << "]";
  };
  p << "<register = ";
  printBases(getRegisterBases());
  p << ", lane = ";
  printBases(getLaneBases());
  p << ", wave = ";
  printBases(getWaveBases());
  p << ", shape = [";
  llvm::interleaveComma(getShape(), p);
  p << "]>";
}

//===----------------------------------------------------------------------===//
// Verification
//===----------------------------------------------------------------------===//

/// The algebra's view of the fields (assumed shaped as verify() checks).
static llvm::Expected<layout::LinearLayout>
buildLayout(ArrayRef<int64_t> shape, ArrayRef<int64_t> flat[3]) {
  int64_t rank = shape.size();
  SmallVector<layout::InDimBases> ins;
  for (int d = 0; d < 3; ++d) {
    layout::InDimBases in;
    in.name = kInDims[d].str();
    for (int64_t i = 0; i * rank < int64_t(flat[d].size()); ++i) {
      ArrayRef<int64_t> b = flat[d].slice(i * rank, rank);
      in.bases.emplace_back(b.begin(), b.end());
    }
    ins.push_back(std::move(in));
  }
  SmallVector<std::pair<std::string, int64_t>> outs;
  for (int64_t i = 0; i < rank; ++i)
    outs.push_back({layout::tensorDimName(i), shape[i]});
  return layout::LinearLayout::get(ins, outs, /*requireSurjective=*/true);
}

LogicalResult LinearLayoutAttr::verify(
    function_ref<InFlightDiagnostic()> emitError, ArrayRef<int64_t> shape,
    ArrayRef<int64_t> registerBases, ArrayRef<int64_t> laneBases,
    ArrayRef<int64_t> waveBases) {
  if (shape.empty())
    return emitError() << "a layout needs a tile shape of rank >= 1";
  for (int64_t s : shape)
    if (s < 1 || !llvm::isPowerOf2_64(s))
      return emitError() << "tile dimensions must be powers of two, got " << s;
  ArrayRef<int64_t> flat[3] = {registerBases, laneBases, waveBases};
  for (int d = 0; d < 3; ++d)
    if (flat[d].size() % shape.size())
      return emitError() << kInDims[d] << " bases must have " << shape.size()
                         << " coordinates each";
  if (int64_t(laneBases.size() / shape.size()) != kLaneBases)
    return emitError() << "a wave has 64 lanes: lane needs " << kLaneBases
                       << " bases, got " << laneBases.size() / shape.size();
  for (int d = 0; d < 3; ++d)
    for (size_t i = 0; i < flat[d].size(); ++i) {
      int64_t c = flat[d][i], extent = shape[i % shape.size()];
      if (c < 0 || c >= extent)
        return emitError() << kInDims[d] << " basis " << i / shape.size()
                           << " has coordinate " << c << " outside [0, "
                           << extent << ") in dimension " << i % shape.size();
    }
  llvm::Expected<layout::LinearLayout> l = buildLayout(shape, flat);
  if (!l)
    return emitError() << "every tile element needs a (register, lane, wave) "
                          "that holds it: "
                       << llvm::toString(l.takeError());
  return success();
}

LogicalResult LinearLayoutAttr::verifyEncoding(
    ArrayRef<int64_t> shape, Type elementType,
    function_ref<InFlightDiagnostic()> emitError) const {
  if (shape != getShape()) {
    InFlightDiagnostic d = emitError();
    d << "the layout is for a tile of shape [";
    llvm::interleaveComma(getShape(), d);
    d << "], the tensor is [";
    llvm::interleaveComma(shape, d);
    return d << "]";
  }
  return success();
}

//===----------------------------------------------------------------------===//
// The algebra
//===----------------------------------------------------------------------===//

layout::LinearLayout LinearLayoutAttr::getLinearLayout() const {
  ArrayRef<int64_t> flat[3] = {getRegisterBases(), getLaneBases(),
                               getWaveBases()};
  llvm::Expected<layout::LinearLayout> l = buildLayout(getShape(), flat);
  // verify() accepted exactly what buildLayout accepts.
  if (!l)
    llvm::report_fatal_error(llvm::Twine("aiter: a verified #aiter.linear "
                                         "failed to build: ") +
                             llvm::toString(l.takeError()));
  return *l;
}

llvm::Expected<LinearLayoutAttr>
LinearLayoutAttr::get(MLIRContext *ctx, const layout::LinearLayout &l) {
  auto fail = [&](const llvm::Twine &why) {
    return llvm::createStringError("not a distributed tile layout (" + l.str() +
                                   "): " + why);
  };
  for (const layout::LayoutDim &d : l.getInDims())
    if (!llvm::is_contained(kInDims, d.name))
      return fail("input dimension '" + d.name + "'");
  if (l.getInDimSize(layout::kLane) != 64)
    return fail("it spans " + llvm::Twine(l.getInDimSize(layout::kLane)) +
                " lanes, not 64");
  SmallVector<int64_t> shape;
  for (auto [i, d] : llvm::enumerate(l.getOutDims())) {
    if (d.name != layout::tensorDimName(i))
      return fail("output dimension '" + d.name + "' is not dim" +
                  llvm::Twine(i));
    shape.push_back(d.size());
  }
  SmallVector<int64_t> flat[3];
  for (int d = 0; d < 3; ++d)
    for (unsigned b = 0; b < l.getInDimSizeLog2(kInDims[d]); ++b)
      llvm::append_range(flat[d], l.getBasis(kInDims[d], b));
  auto emit = [&] { return mlir::emitError(UnknownLoc::get(ctx)); };
  if (failed(verify(emit, shape, flat[0], flat[1], flat[2])))
    return fail("it does not verify");
  return LinearLayoutAttr::get(ctx, shape, flat[0], flat[1], flat[2]);
}

void AiterDialect::registerAttributes() {
  addAttributes<
#define GET_ATTRDEF_LIST
#include "aiter/Dialect/Aiter/IR/AiterAttrs.cpp.inc"
      >();
}
