package io.latchkey.console;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless Chromium, driven through its own chromedriver (no driver download). Finds controls
 * the way a person does: buttons and menu items by their accessible name, inputs by their label.
 */
final class Browser implements AutoCloseable {

    private static final String CHROMIUM = System.getProperty("latchkey.chromium", "/usr/bin/chromium");
    private static final String CHROMEDRIVER = System.getProperty("latchkey.chromedriver", "/usr/bin/chromedriver");

    final ChromeDriver driver;
    final WebDriverWait wait;
    private final Path profile;

    Browser() throws IOException {
        if (!new File(CHROMIUM).canExecute() || !new File(CHROMEDRIVER).canExecute()) {
            throw new IllegalStateException("Browser tests need Debian's chromium and chromium-driver"
                    + " (apt-get install chromium chromium-driver); .ci/run installs them");
        }
        profile = Files.createTempDirectory("latchkey-chromium");
        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM).addArguments(
                "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--window-size=1400,1000", "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER)).usingAnyFreePort().build();
        driver = new ChromeDriver(service, options);
        wait = new WebDriverWait(driver, Duration.ofSeconds(15));
    }

    void open(String url) {
        driver.get(url);
    }

    private static String literal(String text) {
        return text.contains("'") ? "\"" + text + "\"" : "'" + text + "'";
    }

    private WebElement visible(By by) {
        return wait.until(d -> d.findElements(by).stream().filter(WebElement::isDisplayed).findFirst().orElse(null));
    }

    /** A button by name; while a modal dialog is open, only the dialog's buttons count, as for a person. */
    WebElement button(String name) {
        String n = literal(name);
        String match = "//button[not(@role='menuitem')][normalize-space(.)=" + n + " or @aria-label=" + n + "]";
        return wait.until(d -> {
            String scope = d.findElements(By.xpath("//dialog[@open]")).isEmpty() ? "" : "//dialog[@open]";
            return d.findElements(By.xpath(scope + match)).stream().filter(WebElement::isDisplayed).findFirst().orElse(null);
        });
    }

    /** Where the browser is and what it shows, for a failure's message. */
    String describe() {
        String text = driver.findElement(By.tagName("body")).getText();
        return driver.getCurrentUrl() + " showing: " + (text.length() > 600 ? text.substring(0, 600) : text);
    }

    /** A link by its text, as a person finds it. */
    WebElement link(String text) {
        return visible(By.xpath("//a[normalize-space(.)=" + literal(text) + "]"));
    }

    WebElement menuItem(String name) {
        return visible(By.xpath("//*[@role='menuitem'][normalize-space(.)=" + literal(name) + "]"));
    }

    /** The names of the menu items shown now. */
    List<String> menuItems() {
        for (int attempt = 1; ; attempt++) {
            try {
                return driver.findElements(By.xpath("//*[@role='menuitem']")).stream().filter(WebElement::isDisplayed)
                        .map(item -> item.getText().trim()).toList();
            } catch (org.openqa.selenium.StaleElementReferenceException rerendered) {
                // the menu was drawn anew between finding its items and reading them: read the new one
                if (attempt == 5) {
                    throw rerendered;
                }
            }
        }
    }

    WebElement heading(String text) {
        return visible(By.xpath("//*[self::h1 or self::h2][normalize-space(.)=" + literal(text) + "]"));
    }

    /** The input whose label starts with this text. */
    WebElement field(String label) {
        WebElement element = visible(By.xpath("//label[normalize-space(text()[1])=" + literal(label) + "]"));
        String target = element.getAttribute("for");
        return target == null ? element.findElement(By.xpath(".//input")) : driver.findElement(By.id(target));
    }

    void type(String label, String text) {
        WebElement input = field(label);
        input.clear();
        input.sendKeys(text);
    }

    /**
     * Clicks a button once no table is loading (its body {@code aria-busy}); a button replaced between being
     * found and clicked (the table re-rendered) is found again.
     */
    void click(String buttonName) {
        wait.until(d -> {
            if (!d.findElements(By.cssSelector("[aria-busy='true']")).isEmpty()) {
                return null;
            }
            try {
                button(buttonName).click();
                return true;
            } catch (StaleElementReferenceException replaced) {
                return null;
            }
        });
    }

    /** Waits until some visible element of the page shows this text. */
    void awaitText(String text) {
        visible(By.xpath("//*[not(self::script)][contains(normalize-space(.), " + literal(text) + ")]"));
    }

    void awaitAlert(String containing) {
        visible(By.xpath("//*[@role='alert'][contains(normalize-space(.), " + literal(containing) + ")]"));
    }

    /** The table rows (cells' text) of the table with this accessible label. */
    @SuppressWarnings("unchecked")
    List<List<String>> rows(String table) {
        // read in one script call: the table may be re-rendered between two WebDriver calls
        return (List<List<String>>) driver.executeScript("return [...document.querySelectorAll('table')]"
                + ".filter(t => t.getAttribute('aria-label') === arguments[0])"
                + ".flatMap(t => [...t.tBodies[0].rows]).map(r => [...r.cells].map(c => c.innerText.trim()))", table);
    }

    void awaitRows(String table, java.util.function.Predicate<List<List<String>>> condition) {
        wait.until(d -> condition.test(rows(table)));
    }

    void awaitGone(String text) {
        wait.until(d -> d.findElements(By.xpath("//dialog[contains(normalize-space(.), " + literal(text) + ")]")).isEmpty());
    }

    void screenshot(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
    }

    @Override
    public void close() throws IOException {
        driver.quit();
        try (var files = Files.walk(profile)) {
            files.sorted(java.util.Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        }
    }
}
