// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QProcessEnvironment>
#include <QString>
#include <QStringList>

namespace rd::test {

// The outcome of running one of our executables (or a reference tool) to completion.
struct ProcessRun
{
    int exitCode = -1;
    QString out;
    QString err;
    bool finished = false; // exited normally before the timeout

    // exit code, stdout and stderr, for QVERIFY2 messages
    QString describe() const;
};

// Runs `program` with `arguments` and waits up to `timeoutMs`. `environment` defaults to this
// process's environment.
ProcessRun runProcess(const QString &program, const QStringList &arguments,
                      const QProcessEnvironment &environment = QProcessEnvironment::systemEnvironment(),
                      const QString &workingDirectory = {}, int timeoutMs = 60'000);

} // namespace rd::test
