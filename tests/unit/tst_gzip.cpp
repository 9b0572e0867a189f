// SPDX-License-Identifier: GPL-3.0-or-later
// gzipStored() output is read back by the real gzip, across the 64 KiB stored-block boundary.
#include "util/gzip.h"

#include <QFile>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {

// Bytes of every value, in an order that is not a simple repetition of 256.
QByteArray noise(qsizetype size)
{
    QByteArray data(size, Qt::Uninitialized);
    quint32 state = 0x12345678u;
    for (qsizetype i = 0; i < size; ++i) {
        state = state * 1103515245u + 12345u;
        data[i] = char(state >> 24);
    }
    return data;
}

quint32 le32(const QByteArray &bytes, qsizetype at)
{
    quint32 value = 0;
    for (int i = 3; i >= 0; --i)
        value = (value << 8) | quint8(bytes.at(at + i));
    return value;
}

} // namespace

class TestGzip : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void crc32_data()
    {
        QTest::addColumn<QByteArray>("data");
        QTest::addColumn<quint32>("expected");
        QTest::newRow("check value") << QByteArray("123456789") << quint32(0xCBF43926u);
        QTest::newRow("empty") << QByteArray() << quint32(0);
        QTest::newRow("a") << QByteArray("a") << quint32(0xE8B7BE43u);
        QTest::newRow("fox") << QByteArray("The quick brown fox jumps over the lazy dog") << quint32(0x414FA339u);
    }
    void crc32()
    {
        QFETCH(QByteArray, data);
        QFETCH(quint32, expected);
        QCOMPARE(rd::crc32(data), expected);
    }

    void decompresses_data()
    {
        QTest::addColumn<QByteArray>("data");
        QTest::addColumn<int>("blocks"); // stored blocks of at most 65535 bytes
        QTest::newRow("empty") << QByteArray() << 1;
        QTest::newRow("small") << QByteArray("-- PostgreSQL database dump\nSET client_encoding = 'UTF8';\n") << 1;
        QTest::newRow("65535") << noise(65535) << 1;
        QTest::newRow("65536") << noise(65536) << 2;
        QTest::newRow("200 KB") << noise(200 * 1024) << 4;
        QTest::newRow("zeros") << QByteArray(70000, '\0') << 2;
    }
    void decompresses()
    {
        QFETCH(QByteArray, data);
        QFETCH(int, blocks);
        const QByteArray gz = rd::gzipStored(data);

        // The layout RFC 1952 and RFC 1951 prescribe for stored blocks.
        QCOMPARE(gz.left(10), QByteArray("\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff", 10));
        QCOMPARE(gz.size(), 10 + blocks * 5 + data.size() + 8);
        QCOMPARE(le32(gz, gz.size() - 8), rd::crc32(data));
        QCOMPARE(le32(gz, gz.size() - 4), quint32(data.size()));
        QCOMPARE(rd::gzipStored(data), gz); // reproducible byte for byte

        const QString gzip = QStandardPaths::findExecutable(u"gzip"_s);
        if (gzip.isEmpty())
            QSKIP("gzip is not on PATH");
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString file = dir.filePath(u"dump.sql.gz"_s);
        {
            QFile out(file);
            QVERIFY(out.open(QIODevice::WriteOnly));
            QCOMPARE(out.write(gz), qint64(gz.size()));
        }
        QProcess test;
        test.start(gzip, {u"-t"_s, file});
        QVERIFY(test.waitForFinished(30000));
        QCOMPARE(test.exitStatus(), QProcess::NormalExit);
        QCOMPARE(QString::fromLocal8Bit(test.readAllStandardError()), QString());
        QCOMPARE(test.exitCode(), 0);

        QProcess decompress;
        decompress.start(gzip, {u"-dc"_s, file});
        QVERIFY(decompress.waitForFinished(30000));
        QCOMPARE(decompress.exitStatus(), QProcess::NormalExit);
        QCOMPARE(QString::fromLocal8Bit(decompress.readAllStandardError()), QString());
        QCOMPARE(decompress.exitCode(), 0);
        const QByteArray back = decompress.readAllStandardOutput();
        QCOMPARE(back.size(), data.size());
        QVERIFY(back == data);
    }
};

QTEST_GUILESS_MAIN(TestGzip)
#include "tst_gzip.moc"
