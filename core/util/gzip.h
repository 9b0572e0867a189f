// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>

namespace rd {

// A gzip member (RFC 1952) holding `data` in stored (uncompressed) deflate blocks: readable by
// gzip, zcat and every gzip library, and reproducible byte for byte (mtime is written as 0).
// Enough for demo backups without linking zlib into the core.
QByteArray gzipStored(const QByteArray &data);

// CRC-32 (IEEE 802.3), as gzip and PNG use it.
quint32 crc32(const QByteArray &data);

} // namespace rd
