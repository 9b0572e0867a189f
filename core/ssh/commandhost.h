// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "util/error.h"

#include <QDateTime>
#include <QList>
#include <QString>
#include <atomic>
#include <chrono>
#include <functional>
#include <utility>

// A place commands run: a server over SSH, or this machine (the demo's `local` host). Deploy
// steps, restart/logs actions, backups and health command checks all go through this one
// interface, so a workspace can swap a local host for an SSH one without anything else
// changing.
//
// run() blocks: call it on a worker thread (never the GUI thread). One CommandHost runs one
// command at a time (an SSH host reuses its one connection for successive commands);
// concurrent callers wait their turn.
namespace rd::ssh {

struct OutputLine
{
    enum class Stream { Stdout, Stderr };
    Stream stream = Stream::Stdout;
    QDateTime time;            // when the line arrived, UTC
    QString text;              // without the line break; invalid UTF-8 replaced
};

struct ExecOptions
{
    // Set for the command as NAME=value. Names match [A-Za-z_][A-Za-z0-9_]*; values are
    // quoted (over SSH they are prefixed to the command, since sshd refuses most setenv).
    QList<std::pair<QString, QString>> environment;
    std::chrono::milliseconds timeout{std::chrono::minutes(10)};   // the whole command
    const std::atomic_bool *cancel = nullptr;   // polled at least every 100 ms while running
    int tailLines = 1000;      // how many of the last lines ExecResult::tail keeps
    QString outputFile;        // when set, every line of both streams goes here, timestamped
    // Called on the running thread as each line arrives (stdout and stderr interleaved in
    // arrival order). Keep it quick; a slow callback slows the command's output.
    std::function<void(const OutputLine &)> onLine;
};

struct ExecResult
{
    int exitStatus = -1;       // the command's exit status; -1 when a signal ended it
    QString exitSignal;        // "TERM", "KILL", … when a signal ended it, else empty
    QList<OutputLine> tail;    // the last ExecOptions::tailLines lines, in arrival order
    qint64 stdoutBytes = 0;
    qint64 stderrBytes = 0;
    std::chrono::milliseconds elapsed{0};

    bool succeeded() const { return exitStatus == 0 && exitSignal.isEmpty(); }
    // The last `lines` lines of the tail as text, for error messages and logs.
    QString tailText(int lines = 20) const;
};

class CommandHost
{
public:
    virtual ~CommandHost() = default;

    // "prod-1 (deploy@203.0.113.10:22)", or "this machine" for a local host.
    virtual QString displayName() const = 0;

    // Runs `command` through the host's shell (`sh -c` locally, the user's shell over SSH).
    // A command that ran and exited non-zero is a value with exitStatus != 0; not reaching
    // the host, authentication, host-key problems, the timeout and cancellation are errors
    // (Domain::Ssh) saying which.
    [[nodiscard]] virtual Result<ExecResult> run(const QString &command, const ExecOptions &options = {}) = 0;
};

} // namespace rd::ssh
