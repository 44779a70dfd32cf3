//===- CodeObject.cpp - AMDGPU code object metadata -------------*- C++ -*-===//
//
// Parses the NT_AMDGPU_METADATA note (MessagePack) of an HSA code object into
// per-kernel resources and kernel-argument layouts. Every access is checked:
// corrupt input yields an error.
//===----------------------------------------------------------------------===//

#include "aiter/Pipelines/CodeObject.h"

#include "llvm/BinaryFormat/ELF.h"
#include "llvm/BinaryFormat/MsgPackReader.h"
#include "llvm/Object/ELF.h"
#include "llvm/Object/ELFTypes.h"

using namespace mlir;
using namespace mlir::aiter;

static llvm::Error makeError(const llvm::Twine &msg) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                 "code object: " + msg);
}

namespace {
/// A MessagePack value. LLVM's msgpack::Document trusts its input (corrupt
/// bytes reach llvm_unreachable), so the note is read with the checked
/// msgpack::Reader into this small tree instead.
struct MsgNode {
  llvm::msgpack::Type kind = llvm::msgpack::Type::Nil;
  uint64_t uint = 0;
  int64_t sint = 0;
  std::string str;
  std::vector<MsgNode> items;                            // Array
  std::vector<std::pair<std::string, MsgNode>> entries; // Map (string keys)

  const MsgNode *find(llvm::StringRef key) const {
    for (const auto &[k, v] : entries)
      if (k == key)
        return &v;
    return nullptr;
  }
  uint32_t uintAt(llvm::StringRef key) const {
    const MsgNode *n = find(key);
    if (!n)
      return 0;
    if (n->kind == llvm::msgpack::Type::UInt && n->uint <= UINT32_MAX)
      return static_cast<uint32_t>(n->uint);
    if (n->kind == llvm::msgpack::Type::Int && n->sint >= 0 &&
        n->sint <= INT32_MAX)
      return static_cast<uint32_t>(n->sint);
    return 0;
  }
  std::string strAt(llvm::StringRef key) const {
    const MsgNode *n = find(key);
    return n && n->kind == llvm::msgpack::Type::String ? n->str : "";
  }
};
} // namespace

static llvm::Expected<MsgNode> readNode(llvm::msgpack::Reader &reader,
                                        unsigned depth) {
  if (depth > 32)
    return makeError("the AMDGPU metadata nests too deeply");
  llvm::msgpack::Object obj;
  llvm::Expected<bool> more = reader.read(obj);
  if (!more)
    return makeError("the AMDGPU metadata is not valid MessagePack: " +
                     llvm::toString(more.takeError()));
  if (!*more)
    return makeError("the AMDGPU metadata is truncated");
  MsgNode node;
  node.kind = obj.Kind;
  switch (obj.Kind) {
  case llvm::msgpack::Type::UInt:
    node.uint = obj.UInt;
    break;
  case llvm::msgpack::Type::Int:
    node.sint = obj.Int;
    break;
  case llvm::msgpack::Type::String:
  case llvm::msgpack::Type::Binary:
    node.str = obj.Raw.str();
    break;
  case llvm::msgpack::Type::Array:
    for (size_t i = 0; i < obj.Length; ++i) {
      auto item = readNode(reader, depth + 1);
      if (!item)
        return item.takeError();
      node.items.push_back(std::move(*item));
    }
    break;
  case llvm::msgpack::Type::Map:
    for (size_t i = 0; i < obj.Length; ++i) {
      auto key = readNode(reader, depth + 1);
      if (!key)
        return key.takeError();
      if (key->kind != llvm::msgpack::Type::String)
        return makeError("the AMDGPU metadata has a map key that is not a "
                         "string");
      auto value = readNode(reader, depth + 1);
      if (!value)
        return value.takeError();
      node.entries.emplace_back(std::move(key->str), std::move(*value));
    }
    break;
  default:
    break; // Nil, Boolean, Float, Extension: kept as their kind only.
  }
  return node;
}

static llvm::Error parseMetadata(llvm::StringRef blob, CodeObjectInfo &info) {
  llvm::msgpack::Reader reader(blob);
  auto rootOr = readNode(reader, 0);
  if (!rootOr)
    return rootOr.takeError();
  const MsgNode &root = *rootOr;
  if (root.kind != llvm::msgpack::Type::Map)
    return makeError("the AMDGPU metadata is not a map");
  info.target = root.strAt("amdhsa.target");
  if (const MsgNode *v = root.find("amdhsa.version"))
    if (v->kind == llvm::msgpack::Type::Array && v->items.size() == 2 &&
        v->items[1].kind == llvm::msgpack::Type::UInt &&
        v->items[1].uint < 100)
      // amdhsa.version [1, N] is code object v(N + 3).
      info.codeObjectVersion = static_cast<unsigned>(v->items[1].uint) + 3;
  const MsgNode *kernels = root.find("amdhsa.kernels");
  if (!kernels || kernels->kind != llvm::msgpack::Type::Array)
    return makeError("the AMDGPU metadata lists no amdhsa.kernels");
  for (const MsgNode &km : kernels->items) {
    if (km.kind != llvm::msgpack::Type::Map)
      return makeError("a kernel's metadata is not a map");
    KernelInfo ki;
    ki.name = km.strAt(".name");
    ki.symbol = km.strAt(".symbol");
    ki.vgprCount = km.uintAt(".vgpr_count");
    ki.agprCount = km.uintAt(".agpr_count");
    ki.sgprCount = km.uintAt(".sgpr_count");
    ki.vgprSpillCount = km.uintAt(".vgpr_spill_count");
    ki.sgprSpillCount = km.uintAt(".sgpr_spill_count");
    ki.groupSegmentSize = km.uintAt(".group_segment_fixed_size");
    ki.privateSegmentSize = km.uintAt(".private_segment_fixed_size");
    ki.kernargSegmentSize = km.uintAt(".kernarg_segment_size");
    ki.kernargSegmentAlign = km.uintAt(".kernarg_segment_align");
    ki.wavefrontSize = km.uintAt(".wavefront_size");
    ki.maxFlatWorkgroupSize = km.uintAt(".max_flat_workgroup_size");
    if (ki.name.empty())
      return makeError("a kernel has no .name");
    if (const MsgNode *args = km.find(".args")) {
      if (args->kind != llvm::msgpack::Type::Array)
        return makeError("kernel " + ki.name + ": .args is not an array");
      for (const MsgNode &am : args->items) {
        if (am.kind != llvm::msgpack::Type::Map)
          return makeError("kernel " + ki.name + ": an argument is not a map");
        KernelArgInfo arg;
        arg.name = am.strAt(".name");
        arg.valueKind = am.strAt(".value_kind");
        arg.offset = am.uintAt(".offset");
        arg.size = am.uintAt(".size");
        if (arg.valueKind.empty() || arg.size == 0)
          return makeError("kernel " + ki.name +
                           ": an argument has no .value_kind or .size");
        if (uint64_t(arg.offset) + arg.size > ki.kernargSegmentSize)
          return makeError("kernel " + ki.name +
                           ": an argument lies outside the kernarg segment");
        ki.args.push_back(std::move(arg));
      }
    }
    info.kernels.push_back(std::move(ki));
  }
  return llvm::Error::success();
}

llvm::Expected<CodeObjectInfo>
aiter::readCodeObjectInfo(llvm::ArrayRef<char> hsaco) {
  using ELFT = llvm::object::ELF64LE;
  auto fileOr = llvm::object::ELFFile<ELFT>::create(
      llvm::StringRef(hsaco.data(), hsaco.size()));
  if (!fileOr)
    return makeError("not an ELF64 little-endian file: " +
                     llvm::toString(fileOr.takeError()));
  const llvm::object::ELFFile<ELFT> &file = *fileOr;
  if (file.getHeader().e_machine != llvm::ELF::EM_AMDGPU)
    return makeError("not an AMDGPU object (e_machine " +
                     llvm::Twine(file.getHeader().e_machine) + ")");
  auto phdrsOr = file.program_headers();
  if (!phdrsOr)
    return makeError(llvm::toString(phdrsOr.takeError()));

  CodeObjectInfo info;
  bool found = false;
  for (const auto &phdr : *phdrsOr) {
    if (phdr.p_type != llvm::ELF::PT_NOTE)
      continue;
    llvm::Error err = llvm::Error::success();
    for (const auto &note : file.notes(phdr, err)) {
      if (note.getName() != "AMDGPU" ||
          note.getType() != llvm::ELF::NT_AMDGPU_METADATA)
        continue;
      llvm::ArrayRef<uint8_t> desc = note.getDesc(phdr.p_align);
      if (llvm::Error e = parseMetadata(
              llvm::StringRef(reinterpret_cast<const char *>(desc.data()),
                              desc.size()),
              info)) {
        llvm::consumeError(std::move(err));
        return std::move(e);
      }
      found = true;
    }
    if (err)
      return makeError("malformed note: " + llvm::toString(std::move(err)));
  }
  if (!found)
    return makeError("no NT_AMDGPU_METADATA note (is this an HSA code "
                     "object v3 or later?)");
  return info;
}
