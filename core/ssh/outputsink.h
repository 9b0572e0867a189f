// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "ssh/commandhost.h"
#include "util/error.h"

#include <QByteArray>
#include <QFile>
#include <deque>
#include <memory>

// Where a running command's bytes go, whichever host runs it: split into lines as they arrive
// (each stream separately, so an interleaved stderr line never cuts a stdout line in half),
// timestamped, handed to ExecOptions::onLine, appended to the optional output file, and kept
// as a bounded tail. Memory stays bounded whatever the command prints: a line longer than
// MaxLineBytes is cut into pieces, and only tailLines lines are kept.
namespace rd::ssh {

class OutputSink
{
public:
    static constexpr qsizetype MaxLineBytes = 64 * 1024;

    explicit OutputSink(const ExecOptions &options);
    ~OutputSink();
    OutputSink(const OutputSink &) = delete;
    OutputSink &operator=(const OutputSink &) = delete;

    // Opens the output file when one was asked for; an error names it.
    [[nodiscard]] Result<void> open();

    void append(OutputLine::Stream stream, const char *data, qsizetype size);
    // Emits what is left of an unterminated last line on both streams.
    void finish();

    qint64 stdoutBytes() const { return m_stdoutBytes; }
    qint64 stderrBytes() const { return m_stderrBytes; }
    // Moves the kept lines into `result` along with the byte counts.
    void fill(ExecResult &result);

private:
    void emitLine(OutputLine::Stream stream, const QByteArray &bytes);

    const ExecOptions &m_options;
    QByteArray m_pendingOut;
    QByteArray m_pendingErr;
    std::deque<OutputLine> m_tail;
    std::unique_ptr<QFile> m_file;
    qint64 m_stdoutBytes = 0;
    qint64 m_stderrBytes = 0;
};

} // namespace rd::ssh
