// SPDX-License-Identifier: GPL-3.0-or-later
#include "libgit2.h"

#include <mutex>

using namespace Qt::StringLiterals;

namespace rd::git::detail {

void ensureInitialised()
{
    static std::once_flag once;
    std::call_once(once, [] { git_libgit2_init(); });
}

Error lastError(int code, const QString &what)
{
    const git_error *error = git_error_last();
    QString detail = error && error->message ? QString::fromUtf8(error->message).trimmed() : QString();
    if (detail.endsWith(u'.'))
        detail.chop(1);
    return Error{Error::Domain::Git, detail.isEmpty() ? what : what + u": "_s + detail, {}, code};
}

QString oidToString(const git_oid &oid)
{
    char buffer[GIT_OID_MAX_HEXSIZE + 1] = {};
    git_oid_tostr(buffer, sizeof buffer, &oid);
    return QString::fromLatin1(buffer);
}

} // namespace rd::git::detail
