// SPDX-License-Identifier: GPL-3.0-or-later
#include "ssh/execenvironment.h"

#include "util/shellcommand.h"

#include <QRegularExpression>
#include <cstring>

using namespace Qt::StringLiterals;

namespace rd::ssh {

Result<void> checkEnvironment(const ExecOptions &options)
{
    static const QRegularExpression name(u"^[A-Za-z_][A-Za-z0-9_]*$"_s);
    for (const auto &[key, value] : options.environment) {
        if (key.size() > 256 || !name.match(key).hasMatch()) {
            return fail(Error::Domain::Usage,
                u"the environment variable name '%1' is not valid (letters, digits and '_', not starting with a digit)"_s
                    .arg(key.left(64)));
        }
        if (value.contains(QChar(0)))
            return fail(Error::Domain::Usage, u"the value of the environment variable %1 contains a NUL byte"_s.arg(key));
    }
    return {};
}

QString environmentPrefix(const ExecOptions &options)
{
    QString prefix;
    for (const auto &[key, value] : options.environment)
        prefix += key + u'=' + shellQuote(value) + u' ';
    return prefix;
}

QString describeDuration(std::chrono::milliseconds duration)
{
    const qint64 ms = duration.count();
    if (ms < 1000)
        return u"%1 ms"_s.arg(ms);
    if (ms % 1000 == 0)
        return u"%1 s"_s.arg(ms / 1000);
    return u"%1 s"_s.arg(double(ms) / 1000.0, 0, 'f', 1);
}

QString signalName(int signal)
{
    if (const char *name = sigabbrev_np(signal))
        return QString::fromLatin1(name);
    return QString::number(signal);
}

} // namespace rd::ssh
