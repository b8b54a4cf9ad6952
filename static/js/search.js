// Progressive enhancement of the group search (/gruppen): when a filter changes, fetch the same
// page for the new address and swap in its results and filters. Without this script the form
// works as a plain GET form. No dependencies, no third parties.
(function () {
	'use strict';
	var form = document.querySelector('form[data-live-search]');
	var results = document.getElementById('directory-results');
	if (!form || !results || !window.fetch || !window.DOMParser || !window.URLSearchParams) return;
	var controller = null;
	var timer = null;

	function addressOf() {
		var params = new URLSearchParams();
		new FormData(form).forEach(function (value, key) {
			if (typeof value === 'string' && value !== '') params.append(key, value);
		});
		var query = params.toString();
		return form.getAttribute('action') + (query ? '?' + query : '');
	}

	function refresh() {
		var address = addressOf();
		if (controller) controller.abort();
		controller = 'AbortController' in window ? new AbortController() : null;
		results.setAttribute('aria-busy', 'true');
		fetch(address, { headers: { accept: 'text/html' }, signal: controller ? controller.signal : undefined })
			.then(function (response) {
				return response.text();
			})
			.then(function (html) {
				var next = new DOMParser().parseFromString(html, 'text/html');
				var nextResults = next.getElementById('directory-results');
				var nextFilters = next.querySelector('.directory-filters');
				var filters = form.querySelector('.directory-filters');
				if (!nextResults) return;
				results.innerHTML = nextResults.innerHTML;
				// keep focus, ticks and the open state: only the counts in the option texts change
				if (filters && nextFilters) {
					var spans = filters.querySelectorAll('label.choice > span');
					var nextSpans = nextFilters.querySelectorAll('label.choice > span');
					if (spans.length === nextSpans.length) for (var i = 0; i < spans.length; i++) spans[i].textContent = nextSpans[i].textContent;
					var selects = filters.querySelectorAll('select');
					for (var j = 0; j < selects.length; j++) {
						var nextSelect = nextFilters.querySelector('select[name="' + selects[j].name + '"]');
						if (!nextSelect || document.activeElement === selects[j]) continue;
						var value = selects[j].value;
						selects[j].innerHTML = nextSelect.innerHTML;
						selects[j].value = value;
					}
				}
				window.history.replaceState(null, '', address);
			})
			.catch(function () {
				/* offline or aborted: the submit button still works */
			})
			.then(function () {
				results.setAttribute('aria-busy', 'false');
			});
	}

	form.addEventListener('change', function (event) {
		var target = event.target;
		if (target && (target.type === 'checkbox' || target.tagName === 'SELECT')) refresh();
	});
	form.addEventListener('input', function (event) {
		var target = event.target;
		if (!target || (target.name !== 'q' && target.name !== 'ort')) return;
		clearTimeout(timer);
		timer = setTimeout(refresh, 400);
	});
})();
