// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

namespace rd::test {

// Absolute path of a file under tests/data (the folder is passed by ctest as RD_TEST_DATA).
QString dataPath(const QString &relative);
// Absolute path of a built executable (ctest passes RD_BIN_DIR).
QString binaryPath(const QString &name);

} // namespace rd::test
