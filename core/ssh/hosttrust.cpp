// SPDX-License-Identifier: GPL-3.0-or-later
#include "ssh/hosttrust.h"

#include <QMutex>

using namespace Qt::StringLiterals;

namespace rd::ssh {

Result<TrustedHostKey> recordTrustedHostKey(const SshHostSettings &settings, const HostKey &key,
                                            const QString &expectedFingerprint)
{
    // Check-then-append must not interleave between threads of this process (two pools may
    // ask about the same host at once); other processes can at worst add a duplicate line.
    static QMutex recording;
    QMutexLocker lock(&recording);

    const QString where = u"%1 (%2:%3)"_s.arg(settings.name, settings.address).arg(settings.port);
    const QString described = key.typeLabel() + u' ' + key.fingerprint();
    auto known = KnownHosts::load(settings.knownHostsFiles);
    if (!known)
        return std::unexpected(known.error());
    const KnownHosts::Check check = known->check(settings.address, settings.port, key);
    switch (check.verdict) {
    case KnownHosts::Verdict::Known:
        return TrustedHostKey{true, check.entry.file, check.entry.line};
    case KnownHosts::Verdict::Changed:
    case KnownHosts::Verdict::Revoked:
        return fail(Error::Domain::Ssh,
            u"refusing to trust %1: it presents %2, which contradicts %3:%4; if the server was really "
            "reinstalled, check the new fingerprint with its administrator and delete that line first"_s.arg(
                where, described, check.entry.file)
                .arg(check.entry.line));
    case KnownHosts::Verdict::Unknown:
        break;
    }
    if (!expectedFingerprint.isEmpty() && expectedFingerprint != key.fingerprint())
        return fail(Error::Domain::Ssh, u"refusing to trust %1: it presents %2, not the fingerprint %3 you gave"_s.arg(
                                            where, described, expectedFingerprint.left(100)));
    if (auto recorded = appendKnownHost(settings.recordKnownHostsFile, settings.address, settings.port, key); !recorded)
        return std::unexpected(recorded.error());
    return TrustedHostKey{false, settings.recordKnownHostsFile, 0};
}

} // namespace rd::ssh
