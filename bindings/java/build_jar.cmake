# Compiles the SWIG-generated and hand-written Java sources into dsocore.jar (cmake -P).
file(GLOB sources ${GEN_DIR}/*.java ${HAND_DIR}/*.java)
file(REMOVE_RECURSE ${CLASSES})
file(MAKE_DIRECTORY ${CLASSES})
execute_process(COMMAND ${JAVAC} --release 17 -encoding UTF-8 -Xlint:-options -d ${CLASSES} ${sources}
                RESULT_VARIABLE rc)
if(rc)
  message(FATAL_ERROR "javac failed")
endif()
execute_process(COMMAND ${JAR} --create --file ${OUT} -C ${CLASSES} . RESULT_VARIABLE rc)
if(rc)
  message(FATAL_ERROR "jar failed")
endif()
