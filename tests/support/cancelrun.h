// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "ssh/commandhost.h"

#include <QThread>
#include <atomic>
#include <thread>

namespace rd::test {

// Runs `command` on `host` and cancels it from another thread as soon as its first output line
// arrives: the "user presses Cancel on a command that never ends" case, for every kind of host.
inline Result<ssh::ExecResult> runCancelledAfterFirstLine(ssh::CommandHost &host, const QString &command)
{
    std::atomic_bool cancel = false;
    std::atomic_bool started = false;
    ssh::ExecOptions options;
    options.cancel = &cancel;
    options.onLine = [&](const ssh::OutputLine &) { started = true; };
    std::thread canceller([&] {
        while (!started)
            QThread::msleep(10);
        cancel = true;
    });
    auto result = host.run(command, options);
    canceller.join();
    return result;
}

} // namespace rd::test
