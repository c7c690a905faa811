# ctest smoke run: 2,000 generated items, every benchmark once, minimal time.
execute_process(COMMAND ${GEN} ${DATA} --items 2000 RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "gen_data failed: ${rc}")
endif()
execute_process(COMMAND ${CMAKE_COMMAND} -E env DSOCORE_BENCH_DATA=${DATA} ${BENCH} --benchmark_min_time=0.01
                RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "dsocore_bench failed: ${rc}")
endif()
