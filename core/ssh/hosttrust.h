// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "ssh/knownhosts.h"
#include "ssh/sshhostsettings.h"
#include "util/error.h"

#include <QString>

// Trusting a server's host key: the one way a key gets into the workspace's known_hosts file,
// shared by `releasedeck-cli trust HOST` and the GUI's "Trust and connect" (through
// UnknownHostKeyHandler, which SshHost answers with recordTrustedHostKey). Only a key no file
// knows is recorded; one that contradicts (or is revoked by) an entry on record is refused,
// naming that entry — the "changed key" hard failure has no override here.
namespace rd::ssh {

struct TrustedHostKey
{
    bool alreadyKnown = false;   // nothing written: a known_hosts file already vouches for it
    QString file;                // where it is recorded (the new line, or the existing entry)
    int line = 0;                // the existing entry's line (alreadyKnown only)
};

// Records `key` as the host key of `settings`' address:port in settings.recordKnownHostsFile
// after reading every file in settings.knownHostsFiles again (so two connections that asked
// at once write one line). `expectedFingerprint` ("SHA256:…", optional): the fingerprint the
// person checked; a different key is refused.
[[nodiscard]] Result<TrustedHostKey> recordTrustedHostKey(const SshHostSettings &settings, const HostKey &key,
                                                         const QString &expectedFingerprint = {});

} // namespace rd::ssh
