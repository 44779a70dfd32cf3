//===- LayoutAttrTest.cpp - #aiter.linear and the layout algebra -*- C++
//-*-===//
//
// Layouts the factories build become #aiter.linear attributes and come back
// unchanged; what is not a distributed tile layout is refused with a reason.
//===----------------------------------------------------------------------===//

#include "aiter/Dialect/Aiter/IR/AiterDialect.h"
#include "aiter/Layout/Layouts.h"
#include "aiter/Target/TargetInfo.h"

#include "mlir/IR/MLIRContext.h"

#include "gtest/gtest.h"

using namespace mlir;
using namespace mlir::aiter;

namespace {

TEST(LayoutAttr, FactoryLayoutsRoundTrip) {
  MLIRContext ctx;
  ctx.loadDialect<AiterDialect>();
  for (llvm::StringRef chip : TargetInfo::supportedChips()) {
    const TargetInfo &t = *TargetInfo::lookup(chip);
    for (const MfmaInfo *m : t.mfmas(MatrixElementType::BF16)) {
      layout::MfmaInstrShape shape = layout::MfmaInstrShape::fromTable(*m);
      layout::WaveGrid grid{2, 2};
      int64_t tm = 4 * m->m, tn = 4 * m->n, tk = 2 * m->k;
      std::vector<llvm::Expected<layout::LinearLayout>> layouts;
      layouts.push_back(layout::mfmaAccumulatorLayout(shape, grid, {tm, tn}));
      layouts.push_back(
          layout::mfmaAccumulatorLayout(shape, grid, {tm, tn}, true));
      layouts.push_back(layout::mfmaOperandLayout(shape, layout::MfmaOperand::A,
                                                  grid, {tm, tk}));
      layouts.push_back(layout::mfmaOperandLayout(shape, layout::MfmaOperand::B,
                                                  grid, {tk, tn}));
      for (auto &l : layouts) {
        ASSERT_TRUE(!!l) << llvm::toString(l.takeError());
        llvm::Expected<LinearLayoutAttr> attr = LinearLayoutAttr::get(&ctx, *l);
        ASSERT_TRUE(!!attr) << llvm::toString(attr.takeError());
        EXPECT_EQ(attr->getLinearLayout(), *l) << chip.str() << " " << l->str();
        EXPECT_EQ(attr->getWaves(), 4);
      }
    }
  }
}

TEST(LayoutAttr, RefusesWhatIsNotATileLayout) {
  MLIRContext ctx;
  ctx.loadDialect<AiterDialect>();
  // 32 lanes.
  auto narrow = layout::LinearLayout::identity1D(32, layout::kLane, "dim0");
  llvm::Expected<LinearLayoutAttr> a = LinearLayoutAttr::get(&ctx, narrow);
  ASSERT_FALSE(!!a);
  EXPECT_NE(llvm::toString(a.takeError()).find("32 lanes, not 64"),
            std::string::npos);
  // An input dimension that is not register, lane or wave.
  auto lds = layout::LinearLayout::identity1D(64, layout::kOffset, "dim0");
  llvm::Expected<LinearLayoutAttr> b = LinearLayoutAttr::get(&ctx, lds);
  ASSERT_FALSE(!!b);
  EXPECT_NE(llvm::toString(b.takeError()).find("input dimension 'offset'"),
            std::string::npos);
  // Output dimensions must be dim0, dim1, ...
  auto named = layout::LinearLayout::identity1D(64, layout::kLane, "rows");
  llvm::Expected<LinearLayoutAttr> c = LinearLayoutAttr::get(&ctx, named);
  ASSERT_FALSE(!!c);
  EXPECT_NE(llvm::toString(c.takeError()).find("'rows' is not dim0"),
            std::string::npos);
}

} // namespace
