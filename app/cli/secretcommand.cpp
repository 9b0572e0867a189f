// SPDX-License-Identifier: GPL-3.0-or-later
// secret set NAME | secret delete NAME | secret check REF: the keyring entries that
// `keyring:NAME` references read. The secret itself is never printed: `set` reads it from
// standard input (without echo on a terminal) and `check` only says whether a reference resolves.
#include "commands.h"

#include "secrets/keyring.h"
#include "secrets/secretreference.h"

#include <QTextStream>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <optional>
#include <cstdio>
#include <termios.h>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace rd::cli {

namespace {

constexpr auto Usage = "usage: releasedeck-cli secret set NAME | secret delete NAME | secret check env:VAR|keyring:NAME";

// Overwrites a buffer that held a secret before it is released.
void wipe(QByteArray &bytes)
{
    if (!bytes.isEmpty())
        std::fill(bytes.data(), bytes.data() + bytes.size(), '\0');
    bytes.clear();
}

// Terminal echo off for as long as it lives (typing a secret), restored however we leave.
class NoEcho
{
public:
    explicit NoEcho(int fd)
        : m_fd(fd)
    {
        if (tcgetattr(m_fd, &m_saved) != 0)
            return;
        termios quiet = m_saved;
        quiet.c_lflag &= ~tcflag_t(ECHO);
        m_active = tcsetattr(m_fd, TCSAFLUSH, &quiet) == 0;
    }
    ~NoEcho()
    {
        if (m_active)
            tcsetattr(m_fd, TCSAFLUSH, &m_saved);
    }
    NoEcho(const NoEcho &) = delete;
    NoEcho &operator=(const NoEcho &) = delete;

private:
    int m_fd;
    termios m_saved{};
    bool m_active = false;
};

// The secret from standard input: one line typed at a terminal (no echo), else everything
// piped in, without one trailing newline. At most MaxKeyringSecretSize + 2 bytes are read, so
// an oversized input is recognised (and refused whole, never cut) without holding all of it.
Result<QByteArray> readSecretFromStdin(const QString &name)
{
    const bool terminal = isatty(STDIN_FILENO) != 0;
    std::optional<NoEcho> noEcho;
    if (terminal) {
        QTextStream(stderr) << u"Secret for the keyring entry %1 (not shown): "_s.arg(name) << Qt::flush;
        noEcho.emplace(STDIN_FILENO);
    }
    QByteArray secret(secrets::MaxKeyringSecretSize + 2, '\0');
    qsizetype total = 0;
    while (total < secret.size()) {
        const ssize_t got = ::read(STDIN_FILENO, secret.data() + total, size_t(secret.size() - total));
        if (got < 0 && errno == EINTR)
            continue;
        if (got < 0) {
            wipe(secret);
            return fail(Error::Domain::Io, u"cannot read the secret from standard input: %1"_s.arg(QString::fromLocal8Bit(std::strerror(errno))));
        }
        if (got == 0)
            break;
        total += got;
        if (terminal && secret.left(total).contains('\n'))
            break; // a terminal gives one line
    }
    if (terminal) {
        noEcho.reset();
        QTextStream(stderr) << '\n';
        const qsizetype newline = secret.left(total).indexOf('\n');
        if (newline >= 0)
            total = newline + 1;
    }
    std::fill(secret.data() + total, secret.data() + secret.size(), '\0');
    secret.truncate(total);
    if (secret.endsWith('\n'))
        secret.chop(1);
    if (secret.endsWith('\r'))
        secret.chop(1);
    if (secret.size() > secrets::MaxKeyringSecretSize) {
        wipe(secret);
        return fail(Error::Domain::Usage,
                    u"the secret on standard input is larger than %1 KiB, the most a keyring entry may hold"_s
                        .arg(secrets::MaxKeyringSecretSize / 1024));
    }
    if (secret.isEmpty())
        return fail(Error::Domain::Usage, u"standard input held no secret for the keyring entry %1"_s.arg(name));
    return secret;
}

int setSecret(const QString &name)
{
    auto secret = readSecretFromStdin(name);
    if (!secret) {
        printError(secret.error().message);
        return UsageError;
    }
    auto stored = secrets::storeKeyringSecret(name, *secret);
    wipe(*secret);
    if (!stored) {
        printError(stored.error().message);
        return stored.error().domain == Error::Domain::Usage ? UsageError : Failed;
    }
    out() << u"stored the keyring entry %1 (application=releasedeck name=%1); use it as keyring:%1"_s.arg(name) << '\n';
    return Success;
}

int deleteSecret(const QString &name)
{
    auto deleted = secrets::deleteKeyringSecret(name);
    if (!deleted) {
        printError(deleted.error().message);
        return deleted.error().domain == Error::Domain::Usage ? UsageError : Failed;
    }
    if (!*deleted) {
        printError(u"the desktop keyring has no entry %1 to delete"_s.arg(name));
        return Failed;
    }
    out() << u"deleted the keyring entry %1"_s.arg(name) << '\n';
    return Success;
}

int checkSecret(const QString &reference)
{
    if (secrets::referenceKind(reference) == secrets::ReferenceKind::None) {
        printError(u"'%1' is not a secret reference (env:VAR or keyring:NAME)"_s.arg(reference.left(300)));
        return UsageError;
    }
    auto secret = secrets::readSecret(reference, u"the secret reference"_s);
    if (!secret) {
        printError(secret.error().message);
        return Failed;
    }
    wipe(*secret);
    out() << u"%1 resolves to a secret (not shown)"_s.arg(reference) << '\n';
    return Success;
}

} // namespace

int secret(const QStringList &args)
{
    if (args.size() != 2 || args.at(1).startsWith(u'-')) {
        printError(QString::fromLatin1(Usage));
        return UsageError;
    }
    const QString &action = args.at(0);
    const QString &operand = args.at(1);
    if (action == u"check")
        return checkSecret(operand);
    if (action != u"set" && action != u"delete") {
        printError(QString::fromLatin1(Usage) + u" (unknown action '%1')"_s.arg(action.left(80)));
        return UsageError;
    }
    if (!secrets::isValidKeyringName(operand)) {
        printError(u"'%1' is not a keyring entry name (letters, digits and ._-@/:+, starting with a letter or digit, at most 256)"_s
                       .arg(operand.left(300)));
        return UsageError;
    }
    return action == u"set" ? setSecret(operand) : deleteSecret(operand);
}

} // namespace rd::cli
