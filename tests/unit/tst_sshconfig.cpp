// SPDX-License-Identifier: GPL-3.0-or-later
// ~/.ssh/config as OpenSSH reads it for HostName, Port, User and IdentityFile: Host patterns
// with * ? !, first value wins, "Key=value" and quoted forms, ignored options listed.
#include "ssh/sshconfig.h"

#include <QDir>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using rd::ssh::SshConfig;

class TestSshConfig : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void resolves()
    {
        SshConfig config;
        config.addText("# global\nUser everyone-default-not-first\n"
                       "Host prod prod-*.example.com !prod-old.example.com\n"
                       "  HostName 203.0.113.10\n"
                       "  Port=2222\n"
                       "  IdentityFile ~/.ssh/prod_%h\n"
                       "  ProxyJump bastion\n"
                       "Host *\n"
                       "  User fallback\n"
                       "  Port 22\n"
                       "  IdentityFile \"/keys/with space\"\n"
                       "  ServerAliveInterval 30\n");
        const auto prod = config.resolve(u"prod"_s);
        QCOMPARE(prod.hostName, u"203.0.113.10"_s);
        QCOMPARE(prod.port, 2222);
        // the line before any Host applies to all, and it came first
        QCOMPARE(prod.user, u"everyone-default-not-first"_s);
        QCOMPARE(prod.identityFiles,
            QStringList({ QDir::homePath() + u"/.ssh/prod_203.0.113.10"_s, u"/keys/with space"_s }));
        QVERIFY(prod.ignored.contains(u"ProxyJump (line 7)"_s));
        QVERIFY(prod.ignored.contains(u"ServerAliveInterval (line 12)"_s));

        const auto wildcard = config.resolve(u"prod-7.example.com"_s);
        QCOMPARE(wildcard.hostName, u"203.0.113.10"_s);
        const auto negated = config.resolve(u"prod-old.example.com"_s);
        QCOMPARE(negated.hostName, QString());
        QCOMPARE(negated.port, 22);
        const auto other = config.resolve(u"elsewhere"_s);
        QCOMPARE(other.hostName, QString());
        QCOMPARE(other.identityFiles, QStringList{u"/keys/with space"_s});
    }

    void matchBlocksAreIgnoredAndSaidSo()
    {
        SshConfig config;
        config.addText("Match host prod exec \"true\"\n  Port 1\nHost prod\n  Port 2\n");
        const auto values = config.resolve(u"prod"_s);
        QCOMPARE(values.port, 2);
        QCOMPARE(values.ignored, QStringList{u"Match (line 1)"_s});
    }

    void hostileInput()
    {
        SshConfig config;
        QByteArray text = "Host a\n  Port 99999999\n  Port abc\n  HostName\n\x01\x02\xff\n";
        text += "  " + QByteArray(100'000, 'x') + "\n  Port 2200\n";
        config.addText(text);
        const auto values = config.resolve(u"a"_s);
        QCOMPARE(values.port, 2200);
        QCOMPARE(values.hostName, QString());

        QTemporaryDir dir;
        auto missing = SshConfig::load(dir.filePath(u"none"_s));
        QVERIFY(missing);
        QCOMPARE(missing->resolve(u"a"_s).port, 0);
    }
};

QTEST_GUILESS_MAIN(TestSshConfig)
#include "tst_sshconfig.moc"
