// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "util/error.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>

// OpenSSH known_hosts files, read by us (not by libssh2) so that hashed entries
// (|1|salt|hash, HMAC-SHA1), `[host]:port`, wildcard and negated patterns and @revoked all
// behave as with OpenSSH, and so that a changed key can be reported with the file and line of
// the entry it contradicts. The files are untrusted text: malformed and oversized lines are
// skipped and counted, never fatal.
namespace rd::ssh {

// A server's public host key: its algorithm name ("ssh-ed25519", "ecdsa-sha2-nistp256",
// "ssh-rsa") and the key blob as sent in the SSH protocol.
struct HostKey
{
    QString type;
    QByteArray blob;

    // OpenSSH's fingerprint format: "SHA256:" + unpadded base64 of the blob's SHA-256.
    QString fingerprint() const;
    // What `ssh-keygen -l` prints in parentheses: "ED25519", "ECDSA", "RSA", "DSA".
    QString typeLabel() const;
    // The algorithm name written inside the blob, or empty when the blob is malformed.
    static QString typeInBlob(const QByteArray &blob);
};

// The name a host is recorded under: "host" on port 22, "[host]:port" otherwise.
QString knownHostsName(const QString &host, int port);

struct KnownHostEntry
{
    QString file;
    int line = 0;
    bool revoked = false;
    HostKey key;
};

class KnownHosts
{
public:
    static constexpr qsizetype MaxLineBytes = 16 * 1024;
    static constexpr qint64 MaxFileBytes = 32 * 1024 * 1024;

    // Reads each existing file in turn (a missing file is simply empty). An existing file that
    // cannot be read, or is larger than MaxFileBytes, is an error naming it.
    [[nodiscard]] static Result<KnownHosts> load(const QStringList &files);
    // Parses text as if it were the file `file` (tests, and load()).
    void addText(const QString &file, const QByteArray &text);

    // Every entry whose host patterns match host:port, in file order (@cert-authority lines
    // are not host keys and are left out).
    QList<KnownHostEntry> entriesFor(const QString &host, int port) const;
    // The key algorithms on record for host:port, in file order without repeats.
    QStringList keyTypesFor(const QString &host, int port) const;

    enum class Verdict { Known, Unknown, Changed, Revoked };
    struct Check
    {
        Verdict verdict = Verdict::Unknown;
        KnownHostEntry entry;   // Changed: the entry the key contradicts; Revoked: the @revoked line
    };
    Check check(const QString &host, int port, const HostKey &key) const;

    // Lines that were neither comments nor valid entries (garbage, oversized, bad base64).
    int skippedLines() const { return m_skipped; }

private:
    struct Line
    {
        QString patterns;
        bool revoked = false;
        bool certAuthority = false;
        KnownHostEntry entry;
    };
    static bool patternsMatch(const QString &patterns, const QString &name);

    QList<Line> m_lines;
    int m_skipped = 0;
};

// Appends `key` for host:port to `file` as "[host]:port type base64", creating the file and
// its folder when needed.
[[nodiscard]] Result<void> appendKnownHost(const QString &file, const QString &host, int port, const HostKey &key);

} // namespace rd::ssh
