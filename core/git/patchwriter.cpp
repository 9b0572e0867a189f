// SPDX-License-Identifier: GPL-3.0-or-later
#include "patchwriter.h"

#include <algorithm>

namespace rd::git {

namespace {

bool needsQuoting(QByteArrayView path)
{
    for (const char c : path) {
        const auto u = static_cast<unsigned char>(c);
        if (u < 0x20 || u >= 0x7f || c == '"' || c == '\\')
            return true;
    }
    return false;
}

// diff.c pprint_rename(): "common/{old => new}/suffix".
QByteArray renameName(QByteArrayView a, QByteArrayView b)
{
    if (needsQuoting(a) || needsQuoting(b))
        return quotePath(a) + " => " + quotePath(b);
    const qsizetype lenA = a.size();
    const qsizetype lenB = b.size();
    qsizetype prefix = 0;
    for (qsizetype i = 0; i < lenA && i < lenB && a[i] == b[i]; ++i) {
        if (a[i] == '/')
            prefix = i + 1;
    }
    qsizetype suffix = 0;
    const qsizetype adjust = prefix ? 1 : 0;
    qsizetype oldIndex = lenA; // git starts at the terminating NUL, which matches on both sides
    qsizetype newIndex = lenB;
    while (prefix - adjust <= oldIndex && prefix - adjust <= newIndex
           && (oldIndex == lenA ? 0 : a[oldIndex]) == (newIndex == lenB ? 0 : b[newIndex])) {
        if (oldIndex < lenA && a[oldIndex] == '/')
            suffix = lenA - oldIndex;
        --oldIndex;
        --newIndex;
    }
    const qsizetype midA = std::max<qsizetype>(0, lenA - prefix - suffix);
    const qsizetype midB = std::max<qsizetype>(0, lenB - prefix - suffix);
    QByteArray name;
    if (prefix + suffix)
        name += a.first(prefix).toByteArray() + '{';
    name += a.sliced(prefix, midA).toByteArray() + " => " + b.sliced(prefix, midB).toByteArray();
    if (prefix + suffix)
        name += '}' + a.last(suffix).toByteArray();
    return name;
}

QByteArray printName(const FileChange &file)
{
    if (!file.rawOldPath.isEmpty() && file.rawOldPath != file.rawPath)
        return renameName(file.rawOldPath, file.rawPath);
    return quotePath(file.rawPath);
}

int decimalWidth(quint64 n)
{
    int width = 1;
    for (; n >= 10; n /= 10)
        ++width;
    return width;
}

// diff.c scale_linear().
quint64 scaleLinear(quint64 it, quint64 width, quint64 maxChange)
{
    if (!it)
        return 0;
    return 1 + (it * (width - 1) / maxChange);
}

} // namespace

QByteArray quotePath(QByteArrayView path)
{
    if (!needsQuoting(path))
        return path.toByteArray();
    QByteArray quoted = "\"";
    for (const char c : path) {
        const auto u = static_cast<unsigned char>(c);
        switch (c) {
        case '\a': quoted += "\\a"; continue;
        case '\b': quoted += "\\b"; continue;
        case '\t': quoted += "\\t"; continue;
        case '\n': quoted += "\\n"; continue;
        case '\v': quoted += "\\v"; continue;
        case '\f': quoted += "\\f"; continue;
        case '\r': quoted += "\\r"; continue;
        case '"': quoted += "\\\""; continue;
        case '\\': quoted += "\\\\"; continue;
        default: break;
        }
        if (u < 0x20 || u >= 0x7f) {
            const char octal[] = {'\\', char('0' + ((u >> 6) & 7)), char('0' + ((u >> 3) & 7)), char('0' + (u & 7))};
            quoted.append(octal, 4);
        } else {
            quoted += c;
        }
    }
    quoted += '"';
    return quoted;
}

Result<QList<FileChange>> writePatch(const Diff &diff, const ByteSink &sink)
{
    QList<FileChange> files;
    files.reserve(diff.size());
    for (qsizetype i = 0; i < diff.size(); ++i) {
        auto file = diff.writePatch(i, sink);
        if (!file)
            return std::unexpected(file.error());
        files.append(std::move(*file));
    }
    return files;
}

Result<QList<FileChange>> collectStats(const Diff &diff)
{
    QList<FileChange> files;
    files.reserve(diff.size());
    for (qsizetype i = 0; i < diff.size(); ++i) {
        auto file = diff.fileWithStats(i);
        if (!file)
            return std::unexpected(file.error());
        files.append(std::move(*file));
    }
    return files;
}

// diff.c show_stats() with git diff's defaults (no graph or name width configured).
QByteArray formatStat(const QList<FileChange> &files, int width)
{
    QList<QByteArray> names;
    names.reserve(files.size());
    quint64 maxChange = 0;
    qsizetype maxLength = 0;
    int binWidth = 0;
    int numberWidth = 0;
    quint64 insertions = 0;
    quint64 deletions = 0;
    for (const FileChange &file : files) {
        names.append(printName(file));
        maxLength = std::max(maxLength, names.last().size());
        if (file.binary) {
            binWidth = std::max(binWidth, 14 + decimalWidth(quint64(file.newSize)) + decimalWidth(quint64(file.oldSize)));
            numberWidth = 3;
            continue;
        }
        maxChange = std::max(maxChange, quint64(file.insertions) + quint64(file.deletions));
        insertions += quint64(file.insertions);
        deletions += quint64(file.deletions);
    }
    numberWidth = std::max(numberWidth, decimalWidth(maxChange));
    if (width < 16 + 6 + numberWidth)
        width = 16 + 6 + numberWidth;
    qint64 graphWidth = maxChange + 4 > quint64(binWidth) ? qint64(maxChange) : binWidth - 4;
    qint64 nameWidth = maxLength;
    if (nameWidth + numberWidth + 6 + graphWidth > width) {
        if (graphWidth > width * 3 / 8 - numberWidth - 6) {
            graphWidth = width * 3 / 8 - numberWidth - 6;
            if (graphWidth < 6)
                graphWidth = 6;
        }
        if (nameWidth > width - numberWidth - 6 - graphWidth)
            nameWidth = width - numberWidth - 6 - graphWidth;
        else
            graphWidth = width - numberWidth - 6 - nameWidth;
    }

    QByteArray out;
    for (qsizetype i = 0; i < files.size(); ++i) {
        const FileChange &file = files[i];
        QByteArrayView name = names[i];
        QByteArray prefix;
        qint64 length = nameWidth;
        if (nameWidth < name.size()) {
            prefix = "...";
            length = std::max<qint64>(0, length - 3);
            name = name.last(std::min<qsizetype>(name.size(), length));
            if (const qsizetype slash = name.indexOf('/'); slash >= 0)
                name = name.sliced(slash);
        }
        const qint64 padding = std::max<qint64>(0, length - name.size());
        out += ' ' + prefix + name.toByteArray() + QByteArray(padding, ' ') + " |";
        if (file.binary) {
            out += ' ' + QByteArray("Bin").rightJustified(numberWidth);
            if (file.oldSize == 0 && file.newSize == 0 && file.status != ChangeStatus::Added
                && file.status != ChangeStatus::Deleted) {
                out += '\n';
                continue;
            }
            out += ' ' + QByteArray::number(file.oldSize) + " -> " + QByteArray::number(file.newSize) + " bytes\n";
            continue;
        }
        quint64 add = quint64(file.insertions);
        quint64 del = quint64(file.deletions);
        const quint64 total = add + del;
        if (quint64(graphWidth) <= maxChange) {
            quint64 scaled = scaleLinear(add + del, quint64(graphWidth), maxChange);
            if (scaled < 2 && add && del)
                scaled = 2;
            if (add < del) {
                add = scaleLinear(add, quint64(graphWidth), maxChange);
                del = scaled - add;
            } else {
                del = scaleLinear(del, quint64(graphWidth), maxChange);
                add = scaled - del;
            }
        }
        out += ' ' + QByteArray::number(total).rightJustified(numberWidth) + (total ? " " : "") + QByteArray(qsizetype(add), '+')
               + QByteArray(qsizetype(del), '-') + '\n';
    }

    // diff.c print_stat_summary_inserts_dels()
    const qsizetype count = files.size();
    if (count == 0)
        return out;
    out += ' ' + QByteArray::number(count) + (count == 1 ? " file changed" : " files changed");
    if (insertions || deletions == 0)
        out += ", " + QByteArray::number(insertions) + (insertions == 1 ? " insertion(+)" : " insertions(+)");
    if (deletions || insertions == 0)
        out += ", " + QByteArray::number(deletions) + (deletions == 1 ? " deletion(-)" : " deletions(-)");
    out += '\n';
    return out;
}

QByteArray formatNameStatus(const QList<FileChange> &files)
{
    QByteArray out;
    for (const FileChange &file : files) {
        out += QString(changeStatusLetter(file.status)).toLatin1();
        if (file.status == ChangeStatus::Renamed || file.status == ChangeStatus::Copied) {
            out += QByteArray::number(file.similarity).rightJustified(3, '0') + '\t' + quotePath(file.rawOldPath) + '\t'
                   + quotePath(file.rawPath) + '\n';
        } else {
            out += '\t' + quotePath(file.rawPath) + '\n';
        }
    }
    return out;
}

} // namespace rd::git
