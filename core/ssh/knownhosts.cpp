// SPDX-License-Identifier: GPL-3.0-or-later
#include "ssh/knownhosts.h"
#include "ssh/hostpattern.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QMessageAuthenticationCode>
#include <QRegularExpression>


using namespace Qt::StringLiterals;

namespace rd::ssh {

namespace {

// |1|base64(salt)|base64(HMAC-SHA1(salt, name))
bool hashedMatch(QStringView field, const QString &name)
{
    const QList<QStringView> parts = field.split(u'|');
    if (parts.size() != 4 || !parts.at(0).isEmpty() || parts.at(1) != u"1")
        return false;
    const auto salt = QByteArray::fromBase64Encoding(parts.at(2).toLatin1(), QByteArray::AbortOnBase64DecodingErrors);
    const auto hash = QByteArray::fromBase64Encoding(parts.at(3).toLatin1(), QByteArray::AbortOnBase64DecodingErrors);
    if (!salt || !hash || salt.decoded.size() != 20 || hash.decoded.size() != 20)
        return false;
    return QMessageAuthenticationCode::hash(name.toUtf8(), salt.decoded, QCryptographicHash::Sha1) == hash.decoded;
}

QString readString(const QByteArray &blob, qsizetype &at)
{
    if (blob.size() - at < 4)
        return {};
    const quint32 length = (quint32(quint8(blob[at])) << 24) | (quint32(quint8(blob[at + 1])) << 16)
        | (quint32(quint8(blob[at + 2])) << 8) | quint32(quint8(blob[at + 3]));
    if (length == 0 || length > 64 || qsizetype(length) > blob.size() - at - 4)
        return {};
    const QString text = QString::fromLatin1(blob.mid(at + 4, length));
    at += 4 + length;
    return text;
}

} // namespace

QString HostKey::fingerprint() const
{
    return u"SHA256:"_s
        + QString::fromLatin1(QCryptographicHash::hash(blob, QCryptographicHash::Sha256).toBase64(QByteArray::OmitTrailingEquals));
}

QString HostKey::typeLabel() const
{
    if (type == u"ssh-ed25519")
        return u"ED25519"_s;
    if (type.startsWith(u"ecdsa-sha2-"))
        return u"ECDSA"_s;
    if (type == u"ssh-rsa" || type.startsWith(u"rsa-sha2-"))
        return u"RSA"_s;
    if (type == u"ssh-dss")
        return u"DSA"_s;
    return type.toUpper();
}

QString HostKey::typeInBlob(const QByteArray &blob)
{
    qsizetype at = 0;
    return readString(blob, at);
}

QString knownHostsName(const QString &host, int port)
{
    const QString lower = host.toLower();
    if (port == 22)
        return lower;
    return u"[%1]:%2"_s.arg(lower).arg(port);
}

Result<KnownHosts> KnownHosts::load(const QStringList &files)
{
    KnownHosts known;
    for (const QString &path : files) {
        QFileInfo info(path);
        if (!info.exists())
            continue;
        if (info.size() > MaxFileBytes) {
            return fail(Error::Domain::Ssh,
                u"the known_hosts file %1 is larger than %2 MB; that is not a known_hosts file"_s.arg(path).arg(MaxFileBytes >> 20));
        }
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly))
            return fail(Error::Domain::Ssh, u"cannot read the known_hosts file %1: %2"_s.arg(path, file.errorString()));
        known.addText(path, file.read(MaxFileBytes));
    }
    return known;
}

void KnownHosts::addText(const QString &file, const QByteArray &text)
{
    static const QRegularExpression blank(u"\\s+"_s);
    int lineNumber = 0;
    for (const QByteArray &rawLine : text.split('\n')) {
        ++lineNumber;
        QByteArrayView bytes = QByteArrayView(rawLine).trimmed();
        if (bytes.isEmpty() || bytes.startsWith('#'))
            continue;
        if (bytes.size() > MaxLineBytes) {
            ++m_skipped;
            continue;
        }
        const QString lineText = QString::fromUtf8(bytes);
        QStringList fields = lineText.split(blank, Qt::SkipEmptyParts);
        Line line;
        if (!fields.isEmpty() && fields.first().startsWith(u'@')) {
            line.revoked = fields.first() == u"@revoked";
            line.certAuthority = fields.first() == u"@cert-authority";
            if (!line.revoked && !line.certAuthority) {
                ++m_skipped;
                continue;
            }
            fields.removeFirst();
        }
        if (fields.size() < 3) {
            ++m_skipped;
            continue;
        }
        const auto decoded = QByteArray::fromBase64Encoding(fields.at(2).toLatin1(), QByteArray::AbortOnBase64DecodingErrors);
        if (!decoded || HostKey::typeInBlob(decoded.decoded) != fields.at(1)) {
            ++m_skipped;
            continue;
        }
        line.patterns = fields.at(0);
        line.entry.file = file;
        line.entry.line = lineNumber;
        line.entry.revoked = line.revoked;
        line.entry.key = HostKey{fields.at(1), decoded.decoded};
        m_lines.append(line);
    }
}

bool KnownHosts::patternsMatch(const QString &patterns, const QString &name)
{
    if (patterns.startsWith(u"|1|"))
        return hashedMatch(patterns, name);
    bool matched = false;
    for (QStringView pattern : QStringView(patterns).split(u',', Qt::SkipEmptyParts)) {
        const bool negated = pattern.startsWith(u'!');
        if (negated)
            pattern = pattern.mid(1);
        if (!matchesHostPattern(pattern, name))
            continue;
        if (negated)
            return false;   // a negated match overrides every positive one
        matched = true;
    }
    return matched;
}

QList<KnownHostEntry> KnownHosts::entriesFor(const QString &host, int port) const
{
    const QString name = knownHostsName(host, port);
    QList<KnownHostEntry> found;
    for (const Line &line : m_lines) {
        if (!line.certAuthority && patternsMatch(line.patterns, name))
            found.append(line.entry);
    }
    return found;
}

QStringList KnownHosts::keyTypesFor(const QString &host, int port) const
{
    QStringList types;
    for (const KnownHostEntry &entry : entriesFor(host, port)) {
        if (!entry.revoked && !types.contains(entry.key.type))
            types.append(entry.key.type);
    }
    return types;
}

KnownHosts::Check KnownHosts::check(const QString &host, int port, const HostKey &key) const
{
    const QList<KnownHostEntry> entries = entriesFor(host, port);
    for (const KnownHostEntry &entry : entries) {
        if (entry.revoked && entry.key.blob == key.blob)
            return {Verdict::Revoked, entry};
    }
    for (const KnownHostEntry &entry : entries) {
        if (!entry.revoked && entry.key.type == key.type && entry.key.blob == key.blob)
            return {Verdict::Known, entry};
    }
    for (const KnownHostEntry &entry : entries) {
        if (!entry.revoked && entry.key.type == key.type)
            return {Verdict::Changed, entry};
    }
    return {Verdict::Unknown, {}};
}

Result<void> appendKnownHost(const QString &file, const QString &host, int port, const HostKey &key)
{
    if (!QDir().mkpath(QFileInfo(file).absolutePath()))
        return fail(Error::Domain::Io, u"cannot create the folder for the known_hosts file %1"_s.arg(file));
    QFile out(file);
    if (!out.open(QIODevice::ReadWrite | QIODevice::Append))
        return fail(Error::Domain::Io, u"cannot write the known_hosts file %1: %2"_s.arg(file, out.errorString()));
    QByteArray line;
    // Start on a fresh line even if the file's last line has no line break.
    if (out.size() > 0) {
        out.seek(out.size() - 1);
        if (out.read(1) != "\n")
            line += '\n';
    }
    line += knownHostsName(host, port).toUtf8() + ' ' + key.type.toLatin1() + ' ' + key.blob.toBase64() + '\n';
    if (out.write(line) != line.size() || !out.flush())
        return fail(Error::Domain::Io, u"cannot write the known_hosts file %1: %2"_s.arg(file, out.errorString()));
    return {};
}

} // namespace rd::ssh
