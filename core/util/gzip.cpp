// SPDX-License-Identifier: GPL-3.0-or-later
#include "gzip.h"

#include <array>

namespace rd {

namespace {

constexpr std::array<quint32, 256> makeCrcTable()
{
    std::array<quint32, 256> table{};
    for (quint32 n = 0; n < 256; ++n) {
        quint32 c = n;
        for (int k = 0; k < 8; ++k)
            c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
        table[n] = c;
    }
    return table;
}

void appendLe32(QByteArray &out, quint32 value)
{
    for (int i = 0; i < 4; ++i)
        out.append(char((value >> (8 * i)) & 0xff));
}

} // namespace

quint32 crc32(const QByteArray &data)
{
    static constexpr auto table = makeCrcTable();
    quint32 c = 0xffffffffu;
    for (const char byte : data)
        c = table[(c ^ quint8(byte)) & 0xff] ^ (c >> 8);
    return c ^ 0xffffffffu;
}

QByteArray gzipStored(const QByteArray &data)
{
    QByteArray out("\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff", 10); // magic, deflate, no flags, mtime 0, OS unknown
    qsizetype offset = 0;
    do {
        const qsizetype length = std::min<qsizetype>(0xffff, data.size() - offset);
        const bool last = offset + length == data.size();
        out.append(char(last ? 1 : 0)); // BFINAL, BTYPE=00 (stored)
        out.append(char(length & 0xff)).append(char(length >> 8));
        out.append(char(~length & 0xff)).append(char((~length >> 8) & 0xff));
        out.append(data.constData() + offset, length);
        offset += length;
    } while (offset < data.size());
    appendLe32(out, crc32(data));
    appendLe32(out, quint32(data.size()));
    return out;
}

} // namespace rd
