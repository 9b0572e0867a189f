// SPDX-License-Identifier: GPL-3.0-or-later
#include "gitrun.h"

#include <QProcess>

using namespace Qt::StringLiterals;

namespace rd::test {

GitRun git(const QString &dir, const QStringList &arguments, const QByteArray &input)
{
    QProcess process;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(u"HOME"_s, dir);
    environment.insert(u"GIT_CONFIG_NOSYSTEM"_s, u"1"_s);
    environment.insert(u"GIT_AUTHOR_NAME"_s, u"Ann Author"_s);
    environment.insert(u"GIT_AUTHOR_EMAIL"_s, u"ann@example.org"_s);
    environment.insert(u"GIT_COMMITTER_NAME"_s, u"Carl Committer"_s);
    environment.insert(u"GIT_COMMITTER_EMAIL"_s, u"carl@example.org"_s);
    environment.remove(u"COLUMNS"_s);
    environment.remove(u"GIT_DIR"_s);
    process.setProcessEnvironment(environment);
    process.setWorkingDirectory(dir);
    process.start(u"git"_s, arguments);
    if (!input.isEmpty())
        process.write(input);
    process.closeWriteChannel();
    process.waitForFinished(60'000);
    return {process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1, process.readAllStandardOutput(),
            process.readAllStandardError()};
}

} // namespace rd::test
