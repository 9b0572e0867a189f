// SPDX-License-Identifier: GPL-3.0-or-later
#include "ssh/outputsink.h"

using namespace Qt::StringLiterals;

namespace rd::ssh {

OutputSink::OutputSink(const ExecOptions &options)
    : m_options(options)
{
}

OutputSink::~OutputSink() = default;

Result<void> OutputSink::open()
{
    if (m_options.outputFile.isEmpty())
        return {};
    auto file = std::make_unique<QFile>(m_options.outputFile);
    if (!file->open(QIODevice::WriteOnly | QIODevice::Append)) {
        return fail(Error::Domain::Io,
            u"cannot write the command output file %1: %2"_s.arg(m_options.outputFile, file->errorString()));
    }
    m_file = std::move(file);
    return {};
}

void OutputSink::append(OutputLine::Stream stream, const char *data, qsizetype size)
{
    const bool isOut = stream == OutputLine::Stream::Stdout;
    (isOut ? m_stdoutBytes : m_stderrBytes) += size;
    QByteArray &pending = isOut ? m_pendingOut : m_pendingErr;
    qsizetype start = 0;
    while (start < size) {
        const char *newline = static_cast<const char *>(memchr(data + start, '\n', size_t(size - start)));
        const qsizetype end = newline ? newline - data : size;
        // Cut oversized lines: a command printing gigabytes without a newline must not grow us.
        qsizetype room = MaxLineBytes - pending.size();
        if (end - start >= room) {
            pending.append(data + start, room);
            emitLine(stream, pending);
            pending.clear();
            start += room;
            continue;
        }
        pending.append(data + start, end - start);
        if (!newline)
            break;
        if (pending.endsWith('\r'))
            pending.chop(1);
        emitLine(stream, pending);
        pending.clear();
        start = end + 1;
    }
}

void OutputSink::finish()
{
    if (!m_pendingOut.isEmpty())
        emitLine(OutputLine::Stream::Stdout, std::exchange(m_pendingOut, {}));
    if (!m_pendingErr.isEmpty())
        emitLine(OutputLine::Stream::Stderr, std::exchange(m_pendingErr, {}));
    if (m_file)
        m_file->flush();
}

void OutputSink::emitLine(OutputLine::Stream stream, const QByteArray &bytes)
{
    OutputLine line;
    line.stream = stream;
    line.time = QDateTime::currentDateTimeUtc();
    line.text = QString::fromUtf8(bytes);
    if (m_file) {
        const QByteArray prefix = line.time.toString(Qt::ISODateWithMs).toUtf8()
            + (stream == OutputLine::Stream::Stdout ? " out " : " err ");
        m_file->write(prefix + bytes + '\n');
    }
    if (m_options.onLine)
        m_options.onLine(line);
    if (m_options.tailLines <= 0)
        return;
    m_tail.push_back(std::move(line));
    while (m_tail.size() > size_t(m_options.tailLines))
        m_tail.pop_front();
}

void OutputSink::fill(ExecResult &result)
{
    result.stdoutBytes = m_stdoutBytes;
    result.stderrBytes = m_stderrBytes;
    result.tail.reserve(qsizetype(m_tail.size()));
    for (OutputLine &line : m_tail)
        result.tail.append(std::move(line));
    m_tail.clear();
}

} // namespace rd::ssh
