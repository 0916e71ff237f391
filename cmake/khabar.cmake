# Helpers shared by every module's CMakeLists.txt.
#
#   khabar_library(NAME text SOURCES a.cc b.cc DEPS khabar_base ICU::uc)
#     -> static library target khabar_text; include roots include/ (public) and src/ (internal).
#   khabar_test(NAME text_normalize_test SOURCES normalize_test.cc DEPS khabar_text [LABELS slow])
#     -> GoogleTest executable registered with CTest (working directory: the source dir).
#   khabar_embed_data(TARGET khabar_text SYMBOL TextData FILES data/text/stopwords.txt ...)
#     -> generated header "embedded/TextData.h" declaring
#        std::string_view khabar::embedded::TextData(std::string_view path);
#        returning the bytes of a file given by its path relative to the repo root ("" if unknown).
#        Data is compiled into the binary, so khabar needs no files at run time.
#        ROOT dir (default: the repo root) names FILES relative to another directory, e.g. a blob a
#        build-time compiler writes into the current binary dir (its add_custom_command's OUTPUT).

function(khabar_library)
  cmake_parse_arguments(K "" "NAME" "SOURCES;DEPS" ${ARGN})
  add_library(khabar_${K_NAME} STATIC ${K_SOURCES})
  target_include_directories(khabar_${K_NAME}
    PUBLIC ${PROJECT_SOURCE_DIR}/include ${PROJECT_SOURCE_DIR}/src ${PROJECT_BINARY_DIR}/generated)
  target_link_libraries(khabar_${K_NAME} PUBLIC ${K_DEPS})
endfunction()

function(khabar_test)
  cmake_parse_arguments(K "" "NAME" "SOURCES;DEPS;LABELS" ${ARGN})
  if(NOT KHABAR_BUILD_TESTS)
    return()
  endif()
  add_executable(${K_NAME} ${K_SOURCES})
  target_link_libraries(${K_NAME} PRIVATE ${K_DEPS} GTest::gtest GTest::gtest_main)
  add_test(NAME ${K_NAME} COMMAND ${K_NAME} WORKING_DIRECTORY ${CMAKE_CURRENT_SOURCE_DIR})
  set_tests_properties(${K_NAME} PROPERTIES
    ENVIRONMENT "KHABAR_SOURCE_DIR=${PROJECT_SOURCE_DIR};KHABAR_BINARY_DIR=${PROJECT_BINARY_DIR}")
  if(K_LABELS)
    set_tests_properties(${K_NAME} PROPERTIES LABELS "${K_LABELS}")
  endif()
endfunction()

function(khabar_embed_data)
  cmake_parse_arguments(K "" "TARGET;SYMBOL;ROOT" "FILES" ${ARGN})
  if(NOT K_ROOT)
    set(K_ROOT ${PROJECT_SOURCE_DIR})
  endif()
  set(out_h ${PROJECT_BINARY_DIR}/generated/embedded/${K_SYMBOL}.h)
  set(out_cc ${PROJECT_BINARY_DIR}/generated/embedded/${K_SYMBOL}.cc)
  set(abs_files)
  foreach(f ${K_FILES})
    list(APPEND abs_files ${K_ROOT}/${f})
  endforeach()
  add_custom_command(
    OUTPUT ${out_h} ${out_cc}
    COMMAND khabar_embed ${K_SYMBOL} ${K_ROOT} ${out_h} ${out_cc} ${K_FILES}
    DEPENDS khabar_embed ${abs_files}
    COMMENT "Embedding ${K_SYMBOL} data"
    VERBATIM)
  target_sources(${K_TARGET} PRIVATE ${out_cc} ${out_h})
endfunction()

# khabar_fuzzer(NAME fuzz_date SOURCES date_fuzzer.cc DEPS khabar_time CORPUS dir)
# With KHABAR_FUZZ=ON (clang) a libFuzzer binary; otherwise a replay binary that runs the seed corpus
# plus deterministic mutations of it, registered as a CTest test so every build exercises the target.
function(khabar_fuzzer)
  cmake_parse_arguments(K "" "NAME;CORPUS" "SOURCES;DEPS" ${ARGN})
  add_executable(${K_NAME} ${K_SOURCES})
  target_link_libraries(${K_NAME} PRIVATE ${K_DEPS})
  if(KHABAR_FUZZ)
    target_link_options(${K_NAME} PRIVATE -fsanitize=fuzzer)
  else()
    target_sources(${K_NAME} PRIVATE ${PROJECT_SOURCE_DIR}/fuzz/replay_main.cc)
    if(KHABAR_BUILD_TESTS)
      add_test(NAME ${K_NAME}_replay COMMAND ${K_NAME} ${CMAKE_CURRENT_SOURCE_DIR}/${K_CORPUS})
    endif()
  endif()
endfunction()
