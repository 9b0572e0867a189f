// SPDX-License-Identifier: GPL-3.0-or-later
// The known_hosts reader against lines written by OpenSSH itself (the keys, fingerprints and
// hashed entries below come from ssh-keygen), plus malformed and hostile files.
#include "ssh/knownhosts.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using rd::ssh::HostKey;
using rd::ssh::KnownHosts;

namespace {

constexpr auto Ed25519 = "AAAAC3NzaC1lZDI1NTE5AAAAINZXHV3hkOonPI182gEEfOQA8UpaR2xOn0Pdnlp3d1Qz";
constexpr auto Ecdsa = "AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYAAABBBAEAeoz7opsu5uvypaQ6dFbkddn3pOzUr4+luOhDaHirFnTC46C9QS+PjP/4fBSchEv/tPvufV3YQZAHwJNf9V4=";
// `ssh-keygen -H` of "example.com ssh-ed25519 …" and "[127.0.0.1]:2222 ecdsa-sha2-nistp256 …"
constexpr auto Hashed =
    "|1|UpwqkgynS2bYbgVGtoCjw3l6Gso=|HC4VuFmE03FVlVVwDoYIJX7UN0o= ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAINZXHV3hkOonPI182gEEfOQA8UpaR2xOn0Pdnlp3d1Qz\n"
    "|1|haw79ToF7XfWfRjeJUA+zkesXzQ=|+RaRlVNn6tKeptBCJ5gp8UW6ocY= ecdsa-sha2-nistp256 AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYAAABBBAEAeoz7opsu5uvypaQ6dFbkddn3pOzUr4+luOhDaHirFnTC46C9QS+PjP/4fBSchEv/tPvufV3YQZAHwJNf9V4=\n";

HostKey ed25519()
{
    return HostKey{u"ssh-ed25519"_s, QByteArray::fromBase64(Ed25519)};
}

HostKey ecdsa()
{
    return HostKey{u"ecdsa-sha2-nistp256"_s, QByteArray::fromBase64(Ecdsa)};
}

} // namespace

class TestKnownHosts : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void fingerprintsMatchSshKeygen()
    {
        QCOMPARE(ed25519().fingerprint(), u"SHA256:qySbspv5ByAomPKJ5G1mjvJiZJXH8wV9IXscmUtYUAI"_s);
        QCOMPARE(ecdsa().fingerprint(), u"SHA256:U4Wu4/vXf86XdOttYdrdo9NeMaf8u4TS8pHxecGNsZc"_s);
        QCOMPARE(ed25519().typeLabel(), u"ED25519"_s);
        QCOMPARE(ecdsa().typeLabel(), u"ECDSA"_s);
        QCOMPARE(HostKey::typeInBlob(ecdsa().blob), u"ecdsa-sha2-nistp256"_s);
        QCOMPARE(HostKey::typeInBlob(QByteArray("\xff\xff\xff\xff", 4)), QString());
    }

    void names()
    {
        QCOMPARE(rd::ssh::knownHostsName(u"Example.COM"_s, 22), u"example.com"_s);
        QCOMPARE(rd::ssh::knownHostsName(u"127.0.0.1"_s, 2222), u"[127.0.0.1]:2222"_s);
    }

    void hashedEntries()
    {
        KnownHosts known;
        known.addText(u"kh"_s, Hashed);
        QCOMPARE(known.skippedLines(), 0);
        QCOMPARE(known.check(u"example.com"_s, 22, ed25519()).verdict, KnownHosts::Verdict::Known);
        QCOMPARE(known.check(u"EXAMPLE.com"_s, 22, ed25519()).verdict, KnownHosts::Verdict::Known);
        QCOMPARE(known.check(u"127.0.0.1"_s, 2222, ecdsa()).verdict, KnownHosts::Verdict::Known);
        // the port is part of the hashed name
        QCOMPARE(known.check(u"127.0.0.1"_s, 22, ecdsa()).verdict, KnownHosts::Verdict::Unknown);
        QCOMPARE(known.check(u"example.org"_s, 22, ed25519()).verdict, KnownHosts::Verdict::Unknown);
        QCOMPARE(known.keyTypesFor(u"127.0.0.1"_s, 2222), QStringList{u"ecdsa-sha2-nistp256"_s});
    }

    void patterns()
    {
        KnownHosts known;
        known.addText(u"kh"_s, QByteArray("*.example.com,!bad.example.com ssh-ed25519 ") + Ed25519
                + "\n[10.0.0.?]:2200 ssh-ed25519 " + Ed25519 + "\n");
        QCOMPARE(known.check(u"a.example.com"_s, 22, ed25519()).verdict, KnownHosts::Verdict::Known);
        QCOMPARE(known.check(u"bad.example.com"_s, 22, ed25519()).verdict, KnownHosts::Verdict::Unknown);
        QCOMPARE(known.check(u"10.0.0.7"_s, 2200, ed25519()).verdict, KnownHosts::Verdict::Known);
        QCOMPARE(known.check(u"10.0.0.17"_s, 2200, ed25519()).verdict, KnownHosts::Verdict::Unknown);
    }

    void changedAndRevoked()
    {
        KnownHosts known;
        // line 3 holds the ed25519 key for host; the host now presents another ed25519 key
        const QByteArray other = QByteArray::fromBase64(Ed25519);
        QByteArray changed = other;
        changed[changed.size() - 1] = char(changed.at(changed.size() - 1) ^ 1);
        known.addText(u"/home/u/.ssh/known_hosts"_s,
            QByteArray("# comment\n\nhost ssh-ed25519 ") + Ed25519 + "\nhost ecdsa-sha2-nistp256 " + Ecdsa + "\n");
        const KnownHosts::Check check = known.check(u"host"_s, 22, HostKey{u"ssh-ed25519"_s, changed});
        QCOMPARE(check.verdict, KnownHosts::Verdict::Changed);
        QCOMPARE(check.entry.file, u"/home/u/.ssh/known_hosts"_s);
        QCOMPARE(check.entry.line, 3);
        QCOMPARE(known.keyTypesFor(u"host"_s, 22), QStringList({ u"ssh-ed25519"_s, u"ecdsa-sha2-nistp256"_s }));

        KnownHosts revoked;
        revoked.addText(u"kh"_s, QByteArray("@revoked * ssh-ed25519 ") + Ed25519 + "\nhost ssh-ed25519 " + Ed25519 + "\n");
        QCOMPARE(revoked.check(u"host"_s, 22, ed25519()).verdict, KnownHosts::Verdict::Revoked);
        QCOMPARE(revoked.check(u"host"_s, 22, ed25519()).entry.line, 1);
        // @cert-authority lines are not host keys
        KnownHosts ca;
        ca.addText(u"kh"_s, QByteArray("@cert-authority host ssh-ed25519 ") + Ed25519 + "\n");
        QCOMPARE(ca.check(u"host"_s, 22, ed25519()).verdict, KnownHosts::Verdict::Unknown);
    }

    void hostileLines()
    {
        KnownHosts known;
        QByteArray text = "garbage\n\x01\x02\xff binary junk\n@unknown-marker host ssh-ed25519 AAAA\n"
                          "host ssh-ed25519 !!!notbase64!!!\n"
                          "host ecdsa-sha2-nistp256 "; // the blob says ed25519: mismatched type
        text += Ed25519;
        text += "\n|1|short|hash ssh-ed25519 ";
        text += Ed25519;
        text += '\n';
        text += QByteArray(KnownHosts::MaxLineBytes + 10, 'x') + '\n';
        text += QByteArray("host ssh-ed25519 ") + Ed25519 + "\n";
        known.addText(u"kh"_s, text);
        QCOMPARE(known.skippedLines(), 6);   // the |1| line parses but never matches
        QCOMPARE(known.check(u"host"_s, 22, ed25519()).verdict, KnownHosts::Verdict::Known);
        QCOMPARE(known.check(u"short"_s, 22, ed25519()).verdict, KnownHosts::Verdict::Unknown);
    }

    void loadAndAppend()
    {
        QTemporaryDir dir;
        const QString file = dir.filePath(u"sub/known_hosts"_s);
        auto empty = KnownHosts::load({ file });
        QVERIFY(empty);
        QCOMPARE(empty->entriesFor(u"host"_s, 22).size(), 0);
        QVERIFY(rd::ssh::appendKnownHost(file, u"127.0.0.1"_s, 2222, ed25519()));
        // a file whose last line has no line break
        QFile raw(file);
        QVERIFY(raw.open(QIODevice::Append));
        raw.write("# no newline");
        raw.close();
        QVERIFY(rd::ssh::appendKnownHost(file, u"example.com"_s, 22, ecdsa()));
        auto loaded = KnownHosts::load({ file });
        QVERIFY(loaded);
        QCOMPARE(loaded->skippedLines(), 0);
        QCOMPARE(loaded->check(u"127.0.0.1"_s, 2222, ed25519()).verdict, KnownHosts::Verdict::Known);
        QCOMPARE(loaded->check(u"example.com"_s, 22, ecdsa()).verdict, KnownHosts::Verdict::Known);
        QCOMPARE(loaded->check(u"example.com"_s, 22, ecdsa()).entry.line, 3);

        // a huge file is refused, naming it
        const QString huge = dir.filePath(u"huge"_s);
        QFile big(huge);
        QVERIFY(big.open(QIODevice::WriteOnly));
        QVERIFY(big.resize(KnownHosts::MaxFileBytes + 1));
        big.close();
        auto refused = KnownHosts::load({ huge });
        QVERIFY(!refused);
        QVERIFY(refused.error().message.contains(huge));
    }
};

QTEST_GUILESS_MAIN(TestKnownHosts)
#include "tst_knownhosts.moc"
