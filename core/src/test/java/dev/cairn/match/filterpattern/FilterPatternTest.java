package dev.cairn.match.filterpattern;

import static dev.cairn.match.filterpattern.Events.matches;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class FilterPatternTest {

  @Nested
  class MatchEverything {
    @ParameterizedTest
    @ValueSource(strings = {"", " ", "   \t ", "\" \"", "\"\""})
    void emptyBlankAndQuotedSpaceMatchEveryEvent(String pattern) {
      assertThat(matches(pattern, "anything at all")).isTrue();
      assertThat(matches(pattern, "")).isTrue();
      assertThat(matches(pattern, "{\"a\":1}")).isTrue();
    }

    @Test
    void emptyPatternNeverReadsTheMessage() throws InvalidPatternException {
      AtomicInteger reads = new AtomicInteger();
      FilterPattern.compile("").matches(null, () -> {
        reads.incrementAndGet();
        return "x";
      });
      assertThat(reads).hasValue(0);
    }

    @Test
    void textReturnsThePatternVerbatim() throws InvalidPatternException {
      assertThat(FilterPattern.compile("  ERROR  ").text()).isEqualTo("  ERROR  ");
    }
  }

  @Nested
  class TextTerms {
    @Test
    void singleTermMatchesAnywhereInTheMessage() {
      assertThat(matches("ERROR", "[ERROR] disk full")).isTrue();
      assertThat(matches("ERROR", "ERROR: disk full")).isTrue();
      assertThat(matches("ERROR", "no problems")).isFalse();
    }

    /** The TestMetricFilter API reference's example: Exception is found inside InvalidQueryException. */
    @Test
    void termsMatchSubstringsAsTheTestMetricFilterExampleShows() {
      assertThat(matches("\"[ERROR]\" Exception",
          "02 May 2014 00:34:16,142 [ERROR] Unhanded exception: InvalidQueryException")).isTrue();
      assertThat(matches("ERROR", "Exiting with ERRORCODE: -1")).as("user guide, Example 2").isTrue();
      assertThat(matches("AUTHORIZED", "UNAUTHORIZED access")).isTrue();
      assertThat(matches("ERROR", "SOME_ERRORS happened")).isTrue();
    }

    @Test
    void matchingIsCaseSensitive() {
      assertThat(matches("ERROR", "error")).isFalse();
      assertThat(matches("error", "ERROR")).isFalse();
    }

    @Test
    void termsSeparatedBySpaceAreAnded() {
      assertThat(matches("ERROR ARGUMENTS", "ERROR bad ARGUMENTS")).isTrue();
      assertThat(matches("ERROR ARGUMENTS", "ERROR bad input")).isFalse();
    }

    @Test
    void quotedPhraseMatchesAsSubstring() {
      assertThat(matches("\"INTERNAL SERVER ERROR\"", "500 INTERNAL SERVER ERROR occurred")).isTrue();
      assertThat(matches("\"INTERNAL SERVER ERROR\"", "INTERNAL ERROR")).isFalse();
      assertThat(matches("\"AUTHORIZED\"", "UNAUTHORIZED")).isTrue();
      assertThat(matches("\"user@example.com\"", "login by user@example.com")).isTrue();
    }

    @Test
    void quotedPhraseUnderstandsEscapedQuotes() {
      assertThat(matches("\"say \\\"hi\\\"\"", "they say \"hi\" loudly")).isTrue();
    }

    @Test
    void minusExcludesATerm() {
      assertThat(matches("ERROR -ARGUMENTS", "ERROR in parsing")).isTrue();
      assertThat(matches("ERROR -ARGUMENTS", "ERROR in ARGUMENTS")).isFalse();
      assertThat(matches("-DEBUG", "INFO started")).isTrue();
      assertThat(matches("-DEBUG", "DEBUG started")).isFalse();
    }

    @Test
    void minusExcludesSubstringsToo() {
      assertThat(matches("ERROR -Exiting", "Exiting with ERRORCODE: -1")).isFalse();
      assertThat(matches("ERROR -DEBUG", "ERROR in DEBUGGER")).isFalse();
    }

    @Test
    void questionMarkTermsAreOred() {
      assertThat(matches("?ERROR ?ARGUMENTS", "ERROR only")).isTrue();
      assertThat(matches("?ERROR ?ARGUMENTS", "ARGUMENTS only")).isTrue();
      assertThat(matches("?ERROR ?ARGUMENTS", "neither")).isFalse();
    }

    /** The user guide's note under "Match optional terms": ? terms combined with others are ignored. */
    @Test
    void questionMarkTermsAreIgnoredWhenOtherTermsArePresent() {
      String pattern = "?ERROR ?ARGUMENTS REQUEST";
      assertThat(matches(pattern, "[INFO] REQUEST FAILED")).isTrue();
      assertThat(matches(pattern, "[WARN] UNAUTHORIZED REQUEST")).isTrue();
      assertThat(matches(pattern, "[ERROR] bad ARGUMENTS")).isFalse();
    }

    @Test
    void questionMarkTermsAreIgnoredNextToNegatedTermsToo() {
      assertThat(matches("?ERROR -TEST ?FATAL", "ERROR in TEST")).isFalse();
      assertThat(matches("?ERROR -TEST ?FATAL", "INFO in prod")).isTrue();
    }

    @Test
    void ignoredQuestionMarkTermsAreReportedAsWarnings() throws InvalidPatternException {
      assertThat(FilterPattern.compile("?ERROR ?ARGUMENTS REQUEST").warnings())
          .extracting(FilterPattern.Warning::column).containsExactly(1, 8);
      assertThat(FilterPattern.compile("?ERROR ?ARGUMENTS").warnings()).isEmpty();
    }

    @Test
    void regexTermUsesFindSemantics() {
      assertThat(matches("%[Ee]rror|[Ff]ail%", "Request FAILED")).isFalse();
      assertThat(matches("%[Ee]rror|[Ff]ail%", "Request Failed")).isTrue();
      assertThat(matches("%[Ee]rror|[Ff]ail%", "an error here")).isTrue();
      assertThat(matches("%AUTHORIZED%", "UNAUTHORIZED")).isTrue();
      assertThat(matches("%^AUTH%", "UNAUTHORIZED")).isFalse();
    }

    @Test
    void regexTermsCombineWithOtherTerms() {
      assertThat(matches("ERROR -%^DEBUG%", "ERROR x")).isTrue();
      assertThat(matches("ERROR -%^DEBUG%", "DEBUG ERROR x")).isFalse();
      assertThat(matches("?%^a% ?%b$%", "xxb")).isTrue();
    }

    @Test
    void textPatternsMatchTheRawMessageOfJsonEventsToo() {
      assertThat(matches("ConsoleLogin", "{\"eventName\":\"ConsoleLogin\"}")).isTrue();
    }

    @Test
    void nullMessageReadsAsEmpty() throws InvalidPatternException {
      assertThat(FilterPattern.compile("ERROR").matches(null, () -> null)).isFalse();
      assertThat(FilterPattern.compile("-ERROR").matches(null, null)).isTrue();
    }

    @Test
    void unicodeLettersMayBeTerms() {
      assertThat(matches("café", "au café ce matin")).isTrue();
      assertThat(matches("caf", "au café ce matin")).isTrue();
    }

    /** The regex page's own example holds a space. */
    @Test
    void regexTermsMayHoldSpaces() {
      String pattern = "%^starting|^initializing|^shutting down%";
      assertThat(matches(pattern, "shutting down now")).isTrue();
      assertThat(matches(pattern, "initializing")).isTrue();
      assertThat(matches(pattern, "shutting the door")).isFalse();
    }
  }

  @Nested
  class JsonStrings {
    static final String EVENT = "{\"eventName\":\"ConsoleLogin\",\"eventSource\":\"kms.amazonaws.com\","
        + "\"errorCode\":\"Client.UnauthorizedOperation\",\"userArn\":\"arn:aws:iam::123456789012:root\","
        + "\"sourceIPAddress\":\"123.123.4.5\",\"instanceType\":\"m5.8xlarge\",\"empty\":\"\"}";

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiterString = "==>", value = {
        "{ $.eventName = ConsoleLogin }                        ==> true",
        "{ $.eventName = \"ConsoleLogin\" }                    ==> true",
        "{$.eventName=ConsoleLogin}                            ==> true",
        "{ $.eventName = consolelogin }                        ==> false",
        "{ $.eventName != ConsoleLogin }                       ==> false",
        "{ $.eventName != \"AssumeRole\" }                     ==> true",
        "{ $.eventSource = kms.amazonaws.com }                 ==> true",
        "{ $.eventSource = s3.amazonaws.com }                  ==> false",
        "{ $.errorCode = \"*UnauthorizedOperation\" }          ==> true",
        "{ $.errorCode = \"AccessDenied*\" }                   ==> false",
        "{ $.errorCode = Client.* }                            ==> true",
        "{ $.errorCode = *Unauthorized* }                      ==> true",
        "{ $.errorCode = *Denied* }                            ==> false",
        "{ $.userArn = arn:aws:iam::*:root }                   ==> false",
        "{ $.userArn = \"arn:*:iam::*:*\" }                    ==> false",
        "{ $.userArn = %^arn:aws:iam::.*:root$% }              ==> true",
        "{ $.sourceIPAddress != 123.123.* }                    ==> false",
        "{ $.sourceIPAddress = 123.123.* }                     ==> true",
        "{ $.instanceType = *.8xlarge }                        ==> true",
        "{ $.empty = \"\" }                                    ==> true",
        "{ $.empty = * }                                       ==> true",
        "{ $.eventName = * }                                   ==> true",
        "{ $.eventName = \"*\" }                               ==> true",
        "{ $.missing = * }                                     ==> false",
        "{ $.eventName != * }                                  ==> false",
        "{ $.eventName = %^Console% }                          ==> true",
        "{ $.eventName = %^console% }                          ==> false",
        "{ $.eventName != %Login$% }                           ==> false",
        "{ $.errorCode = %^Client.[a-z]+Operation$% }          ==> false",
        "{ $.errorCode = %^Client.[A-Za-z]+Operation$% }       ==> true",
    })
    void stringComparisons(String pattern, boolean expected) {
      assertThat(matches(pattern, EVENT)).isEqualTo(expected);
    }

    /** The 2021 user guide: "Ev*ent will only match the actual string Ev*ent". */
    @Test
    void aStarInTheMiddleOfAValueIsALiteral() {
      assertThat(matches("{ $.a = Ev*ent }", "{\"a\":\"Ev*ent\"}")).isTrue();
      assertThat(matches("{ $.a = Ev*ent }", "{\"a\":\"Event\"}")).isFalse();
      assertThat(matches("{ $.a = *Ev*ent }", "{\"a\":\"PutEv*ent\"}")).isTrue();
      assertThat(matches("{ $.a = a*c* }", "{\"a\":\"a*cde\"}")).isTrue();
      assertThat(matches("{ $.a = a*c* }", "{\"a\":\"abcde\"}")).isFalse();
    }

    @Test
    void aStarInTheMiddleIsReportedWithTheRegexToWriteInstead() throws InvalidPatternException {
      assertThat(FilterPattern.compile("{ $.userArn = arn:aws:iam::*:root }").warnings()).singleElement()
          .satisfies(w -> {
            assertThat(w.column()).isEqualTo(28);
            assertThat(w.message()).contains("literal").contains("%^arn:aws:iam::.*:root$%");
          });
      assertThat(FilterPattern.compile("{ $.a = \"*x*\" && $.b = *.8xlarge }").warnings()).isEmpty();
    }

    @Test
    void quotedValuesMayHoldTheCharactersThatEndBareValues() {
      String event = "{\"msg\":\"a && b || (c) \\\"d\\\"\"}";
      assertThat(matches("{ $.msg = \"a && b || (c) \\\"d\\\"\" }", event)).isTrue();
    }

    @Test
    void stringValuesOnlyMatchJsonStrings() {
      assertThat(matches("{ $.n = \"22\" }", "{\"n\":22}")).isFalse();
      assertThat(matches("{ $.b = true }", "{\"b\":true}")).isFalse();
      assertThat(matches("{ $.b = \"true\" }", "{\"b\":\"true\"}")).isTrue();
      assertThat(matches("{ $.n = 4* }", "{\"n\":\"404\"}")).isTrue();
    }

    /** The user guide: "Use the asterisk as a wild card to match numbers". */
    @Test
    void wildcardValuesMatchNumbersByTheirText() {
      assertThat(matches("{ $.errorCode = 4* }", "{\"errorCode\":404}")).isTrue();
      assertThat(matches("{ $.errorCode = 4* }", "{\"errorCode\":500}")).isFalse();
      assertThat(matches("{ $.errorCode != 4* }", "{\"errorCode\":500}")).isTrue();
      assertThat(matches("{ $.errorCode = *04 }", "{\"errorCode\":404}")).isTrue();
      assertThat(matches("{ $.errorCode = \"404\" }", "{\"errorCode\":404}")).as("no wildcard").isFalse();
    }

    @Test
    void loneWildcardMatchesAnyScalarButNoContainer() {
      for (String value : new String[] {"\"s\"", "1", "true", "null"}) {
        assertThat(matches("{ $.x = * }", "{\"x\":" + value + "}")).as(value).isTrue();
      }
      assertThat(matches("{ $.x = * }", "{\"x\":{}}")).isFalse();
      assertThat(matches("{ $.x = * }", "{\"x\":[1]}")).isFalse();
    }
  }

  @Nested
  class JsonNumbers {
    static final String EVENT = "{\"latency\":51,\"ratio\":0.001,\"neg\":-5,\"big\":1e3,\"code\":500,"
        + "\"text\":\"400\",\"n\":[1e-3,[7,8]]}";

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiterString = "==>", value = {
        "{ $.latency > 50 }        ==> true",
        "{ $.latency > 51 }        ==> false",
        "{ $.latency >= 51 }       ==> true",
        "{ $.latency < 51 }        ==> false",
        "{ $.latency <= 51 }       ==> true",
        "{ $.latency = 51 }        ==> true",
        "{ $.latency = 51.0 }      ==> true",
        "{ $.latency = 5.1e1 }     ==> true",
        "{ $.latency != 51 }       ==> false",
        "{ $.code != 500 }         ==> false",
        "{ $.code != 404 }         ==> true",
        "{ $.ratio = 1e-3 }        ==> true",
        "{ $.ratio = 1E-3 }        ==> true",
        "{ $.ratio < 0.01 }        ==> true",
        "{ $.neg < -4 }            ==> true",
        "{ $.neg = -5 }            ==> true",
        "{ $.neg > -5.5 }          ==> true",
        "{ $.big = 1000 }          ==> true",
        "{ $.big = +1000 }         ==> true",
        "{ $.n[0] = 1e-3 }         ==> true",
        "{ $.n[1][1] = 8 }         ==> true",
        "{ $.n[1][1] > 8 }         ==> false",
        "{ $.n[1][2] = 8 }         ==> false",
        "{ $.text > 300 }          ==> false",
        "{ $.text = 400 }          ==> false",
        "{ $.text != 400 }         ==> false",
        "{ $.missing < 1 }         ==> false",
        "{ $.missing != 1 }        ==> false",
        "{ $.n > 0 }               ==> false",
    })
    void numericComparisons(String pattern, boolean expected) {
      assertThat(matches(pattern, EVENT)).isEqualTo(expected);
    }

    @Test
    void largeIntegersCompareExactly() {
      assertThat(matches("{ $.id = 9007199254740993 }", "{\"id\":9007199254740993}")).isTrue();
      assertThat(matches("{ $.id = 9007199254740993 }", "{\"id\":9007199254740992}")).isFalse();
    }
  }

  @Nested
  class JsonKeywords {
    static final String EVENT = "{\"nothing\":null,\"yes\":true,\"no\":false,\"obj\":{\"k\":1},\"arr\":[1,2],"
        + "\"s\":\"x\"}";

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiterString = "==>", value = {
        "{ $.nothing IS NULL }      ==> true",
        "{ $.s IS NULL }            ==> false",
        "{ $.missing IS NULL }      ==> false",
        "{ $.yes IS TRUE }          ==> true",
        "{ $.yes IS FALSE }         ==> false",
        "{ $.no IS FALSE }          ==> true",
        "{ $.s IS TRUE }            ==> false",
        "{ $.missing NOT EXISTS }   ==> true",
        "{ $.nothing NOT EXISTS }   ==> false",
        "{ $.obj NOT EXISTS }       ==> false",
        "{ $.obj.k NOT EXISTS }     ==> false",
        "{ $.obj.z NOT EXISTS }     ==> true",
        "{ $.s.deeper NOT EXISTS }  ==> true",
        "{ $.nothing.x NOT EXISTS } ==> true",
        "{ $.arr[5] NOT EXISTS }    ==> true",
        "{ $.arr[1] NOT EXISTS }    ==> false",
        "{ $.obj = * }              ==> false",
        "{ $.obj != x }             ==> false",
        "{ $.arr = * }              ==> false",
        "{ $.arr != 1 }             ==> false",
        "{ $.obj IS NULL }          ==> false",
    })
    void keywordsAndContainers(String pattern, boolean expected) {
      assertThat(matches(pattern, EVENT)).isEqualTo(expected);
    }

    @Test
    void arrayIndexesAndNamesInArrays() {
      String event = "{\"list\":[{\"id\":\"a\"},{\"id\":\"b\"}],\"m\":[[1,2],[3,4]]}";
      assertThat(matches("{ $.list[1].id = b }", event)).isTrue();
      assertThat(matches("{ $.list[0].id = b }", event)).isFalse();
      assertThat(matches("{ $.m[1][0] = 3 }", event)).isTrue();
      assertThat(matches("{ $.list.id = b }", event)).isFalse();
      assertThat(matches("{ $.list[00001].id = b }", event)).isTrue();
    }

    /** The user guide's JSON example event and its wildcard and bracket selectors. */
    @Test
    void wildcardAndBracketSelectorsFromTheUserGuide() {
      String event = "{\"eventType\":\"UpdateTrail\",\"sourceIPAddress\":\"111.111.111.111\","
          + "\"arrayKey\":[\"value\",\"another value\"],\"objectList\":[{\"name\":\"a\",\"id\":1},"
          + "{\"name\":\"b\",\"id\":2}],\"SomeObject\":null,\"cluster.name\":\"c1\",\"ThisFlag\":true}";
      assertThat(matches("{ $.arrayKey[*] = %val.{2}% }", event)).isTrue();
      assertThat(matches("{ $.* = %111\\.111\\.111\\.1[0-9]{1,2}% }", event)).isTrue();
      assertThat(matches("{ $.['cluster.name'] = \"c1\" }", event)).isTrue();
      assertThat(matches("{ $['cluster.name'] = c1 }", event)).isTrue();
      assertThat(matches("{ $.objectList[*].id = 2 }", event)).isTrue();
      assertThat(matches("{ $.objectList[*].id > 2 }", event)).isFalse();
      assertThat(matches("{ $.objectList[*].name = b }", event)).isTrue();
      assertThat(matches("{ $.arrayKey[*] = nothing }", event)).isFalse();
      assertThat(matches("{ $.* IS NULL }", event)).isTrue();
      assertThat(matches("{ $.* IS TRUE }", event)).isTrue();
    }

    @Test
    void wildcardsSelectOneLevelAndSkipContainers() {
      String event = "{\"a\":{\"x\":{\"y\":\"deep\"},\"z\":\"shallow\"},\"empty\":[]}";
      assertThat(matches("{ $.a.* = shallow }", event)).isTrue();
      assertThat(matches("{ $.a.* = deep }", event)).isFalse();
      assertThat(matches("{ $.a.*.y = deep }", event)).isTrue();
      assertThat(matches("{ $.empty[*] NOT EXISTS }", event)).isTrue();
      assertThat(matches("{ $.a.* NOT EXISTS }", event)).isFalse();
      assertThat(matches("{ $.missing[*] = * }", event)).isFalse();
    }

    @Test
    void namesMayContainDashesAndUnderscores() {
      assertThat(matches("{ $.x-amz_acl = private }", "{\"x-amz_acl\":\"private\"}")).isTrue();
    }

    @Test
    void jsonPatternsNeverMatchNonJsonMessages() {
      assertThat(matches("{ $.a NOT EXISTS }", "plain text")).isFalse();
      assertThat(matches("{ $.a NOT EXISTS }", "{\"b\":1}")).isTrue();
    }

    @Test
    void jsonPatternsNeverReadTheRawMessage() throws InvalidPatternException {
      AtomicInteger reads = new AtomicInteger();
      FilterPattern.compile("{ $.a = %x% }").matches(Events.jsonOrNull("{\"a\":\"x\"}"), () -> {
        reads.incrementAndGet();
        return "";
      });
      assertThat(reads).hasValue(0);
    }
  }

  @Nested
  class JsonLogic {
    @Test
    void andBindsTighterThanOr() {
      String pattern = "{ $.a = 1 || $.b = 2 && $.c = 3 }";
      assertThat(matches(pattern, "{\"a\":1}")).isTrue();
      assertThat(matches(pattern, "{\"b\":2,\"c\":3}")).isTrue();
      assertThat(matches(pattern, "{\"b\":2}")).isFalse();
      assertThat(matches(pattern, "{\"a\":1,\"c\":4}")).isTrue();
    }

    @Test
    void parenthesesOverridePrecedence() {
      String pattern = "{ ($.a = 1 || $.b = 2) && $.c = 3 }";
      assertThat(matches(pattern, "{\"a\":1}")).isFalse();
      assertThat(matches(pattern, "{\"a\":1,\"c\":3}")).isTrue();
      assertThat(matches(pattern, "{\"b\":2,\"c\":3}")).isTrue();
    }

    @Test
    void nestedParenthesesUpToTheDepthCap() {
      String pattern = "{ " + "(".repeat(32) + "$.a = 1" + ")".repeat(32) + " }";
      assertThat(matches(pattern, "{\"a\":1}")).isTrue();
    }

    @Test
    void docExamples() {
      String login = "{\"eventName\":\"ConsoleLogin\",\"errorMessage\":\"Failed authentication\"}";
      assertThat(matches("{ ($.eventName = ConsoleLogin) && ($.errorMessage = \"Failed authentication\") }", login))
          .isTrue();
      String sg = "{ ($.eventName = AuthorizeSecurityGroupIngress) || ($.eventName = CreateSecurityGroup)"
          + " || ($.eventName = DeleteSecurityGroup) }";
      assertThat(matches(sg, "{\"eventName\":\"CreateSecurityGroup\"}")).isTrue();
      assertThat(matches(sg, "{\"eventName\":\"DescribeSecurityGroups\"}")).isFalse();
      String mfa = "{ ($.eventName = ConsoleLogin) && ($.additionalEventData.MFAUsed != \"Yes\")"
          + " && ($.responseElements.ConsoleLogin != \"Failure\") }";
      assertThat(matches(mfa, "{\"eventName\":\"ConsoleLogin\",\"additionalEventData\":{\"MFAUsed\":\"No\"},"
          + "\"responseElements\":{\"ConsoleLogin\":\"Success\"}}")).isTrue();
      assertThat(matches(mfa, "{\"eventName\":\"ConsoleLogin\",\"additionalEventData\":{\"MFAUsed\":\"No\"},"
          + "\"responseElements\":{\"ConsoleLogin\":\"Failure\"}}")).isFalse();
    }
  }

  @Nested
  class SpaceDelimited {
    static final String LOG =
        "127.0.0.1 Prod frank [10/Oct/2000:13:25:15 -0700] \"GET /index.html HTTP/1.0\" 404 1534";

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiterString = "==>", value = {
        "[ip, user, username, timestamp, request = *.html*, status_code = 4*, bytes] ==> true",
        "[ip, user, username, timestamp, request = *.php*, status_code = 4*, bytes]  ==> false",
        "[..., status_code = 404 || status_code = 410, bytes > 1000]                 ==> true",
        "[..., status_code = 404 || status_code = 410, bytes > 2000]                 ==> false",
        "[..., status_code = 500 || status_code = 410, bytes > 1000]                 ==> false",
        "[ip = 127.0.0.1, ...]                                                        ==> true",
        "[ip = 127.*, user = Prod, ...]                                               ==> true",
        "[ip, user != Prod, ...]                                                      ==> false",
        "[..., timestamp = \"10/Oct/2000:13:25:15 -0700\", request, status, bytes]     ==> true",
        "[..., request = \"GET /index.html HTTP/1.0\", status_code, bytes]            ==> true",
        "[..., status_code >= 400 && status_code < 500, bytes]                       ==> true",
        "[..., bytes = %^15%]                                                        ==> true",
        "[...]                                                                        ==> true",
        "[a, b, c, d, e, f, g, h]                                                     ==> false",
        "[ip, user = \"Prod\", rest]                                                   ==> true",
        "[ip, user, username, timestamp, request, status_code = 404, bytes = 1534]   ==> true",
    })
    void sampleLogLine(String pattern, boolean expected) {
      assertThat(matches(pattern, LOG)).isEqualTo(expected);
    }

    @Test
    void wordPositionExamples() {
      assertThat(matches("[w1=ERROR || w1=WARNING, w2]", "ERROR disk full")).isTrue();
      assertThat(matches("[w1=ERROR || w1=WARNING, w2]", "WARNING disk full")).isTrue();
      assertThat(matches("[w1=ERROR || w1=WARNING, w2]", "INFO disk full")).isFalse();
      assertThat(matches("[w1!=ERROR && w1!=WARNING, w2]", "INFO disk full")).isTrue();
      assertThat(matches("[w1!=ERROR && w1!=WARNING, w2]", "ERROR disk full")).isFalse();
    }

    @Test
    void lastSlotTakesTheRestOfTheLineWithoutEllipsis() {
      assertThat(matches("[w1=ERROR]", "ERROR disk full")).isFalse();
      assertThat(matches("[w1=ERROR]", "ERROR")).isTrue();
      assertThat(matches("[w1, rest = \"disk full now\"]", "ERROR disk full now")).isTrue();
      assertThat(matches("[w1, w2]", "ERROR")).isFalse();
    }

    @Test
    void numericSlotsRequireNumbers() {
      assertThat(matches("[a, b > 5]", "x 7")).isTrue();
      assertThat(matches("[a, b > 5]", "x seven")).isFalse();
      assertThat(matches("[a, b = 7]", "x 7.0")).isTrue();
      assertThat(matches("[a, b != 7]", "x 8")).isTrue();
    }

    @Test
    void fieldsSplitOnRunsOfWhitespace() {
      assertThat(matches("[a = x, b = y]", "  x    y  ")).isTrue();
      assertThat(matches("[a = x, b = y]", "x\ty")).isTrue();
    }

    @Test
    void emptyPatternMatchesEverything() {
      assertThat(matches("[]", LOG)).isTrue();
      assertThat(matches("[ ]", "")).isTrue();
    }

    /** The TestMetricFilter API reference's example, trailing comma included. */
    @Test
    void aTrailingEmptySlotIsAnUnnamedField() {
      String log = "127.0.0.1 - frank [10/Oct/2000:13:25:15 -0700] \"GET /index.html HTTP/1.0\" 404 1534";
      assertThat(matches("[..., request=*.html*, status_code=4*,]", log)).isTrue();
      assertThat(matches("[..., request=*.html*, status_code=5*,]", log)).isFalse();
      assertThat(matches("[..., request=*.html*, status_code=4*]", log)).as("without the slot").isFalse();
    }

    @Test
    void unterminatedGroupRunsToTheEnd() {
      assertThat(matches("[a, b = \"open group\"]", "x [open group")).isTrue();
    }
  }

  @Nested
  class Limits {
    @Test
    void patternOfExactly1024CharactersCompiles() throws InvalidPatternException {
      String pattern = "{ $.a = \"" + "x".repeat(1024 - 12) + "\" }";
      assertThat(pattern).hasSize(1024);
      assertThat(FilterPattern.compile(pattern).text()).isEqualTo(pattern);
    }

    @Test
    void twoRegexesAreAllowed() throws InvalidPatternException {
      FilterPattern.compile("{ $.a = %x% || $.b = %y% }");
    }
  }
}
