import pytest

pytestmark = pytest.mark.browser


def test_axe_check_fails_on_a_serious_problem(page, axe_check):
    page.set_content(
        '<html lang="en"><head><title>t</title></head><body><main><img src="x.png"></main></body></html>'
    )
    with pytest.raises(pytest.fail.Exception, match="image-alt"):
        axe_check(page)


def test_axe_check_passes_a_clean_page(page, axe_check):
    page.set_content(
        '<html lang="en"><head><title>t</title></head><body><main><h1>Hello</h1></main></body></html>'
    )
    axe_check(page)
