# Packaging: CMake package config (dsocore::dsocore, dsocore::dsocore_c, SameMajorVersion),
# dsocore.pc (the C library only) and the sample data.
include(CMakePackageConfigHelpers)
set(DSOCORE_CMAKE_INSTALL_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/dsocore CACHE STRING
    "Where dsocoreConfig.cmake is installed (relative to the prefix)")

install(EXPORT dsocoreTargets NAMESPACE dsocore:: DESTINATION ${DSOCORE_CMAKE_INSTALL_DIR})
configure_package_config_file(${CMAKE_CURRENT_LIST_DIR}/dsocoreConfig.cmake.in
  ${PROJECT_BINARY_DIR}/dsocoreConfig.cmake INSTALL_DESTINATION ${DSOCORE_CMAKE_INSTALL_DIR})
write_basic_package_version_file(${PROJECT_BINARY_DIR}/dsocoreConfigVersion.cmake
  VERSION ${PROJECT_VERSION} COMPATIBILITY SameMajorVersion)
install(FILES ${PROJECT_BINARY_DIR}/dsocoreConfig.cmake ${PROJECT_BINARY_DIR}/dsocoreConfigVersion.cmake
  DESTINATION ${DSOCORE_CMAKE_INSTALL_DIR})

if(DSOCORE_BUILD_CAPI)
  # Relocatable: the prefix is found from the .pc file's own place (cmake --install --prefix).
  file(RELATIVE_PATH DSOCORE_PC_TO_PREFIX /p/${CMAKE_INSTALL_LIBDIR}/pkgconfig /p)
  configure_file(${CMAKE_CURRENT_LIST_DIR}/dsocore.pc.in ${PROJECT_BINARY_DIR}/dsocore.pc @ONLY)
  install(FILES ${PROJECT_BINARY_DIR}/dsocore.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)
endif()

if(EXISTS ${DSOCORE_TEST_DATA_DIR}/customers.csv)
  install(DIRECTORY ${DSOCORE_TEST_DATA_DIR}/ DESTINATION ${CMAKE_INSTALL_DATADIR}/dsocore/data)
endif()
