// Proof of work for public forms (see protection.service.ts): before a form with a
// [data-challenge] input is sent, find the number n with sha256(salt + n) = challenge, in batches
// so the page stays responsive. Between batches it yields through a MessageChannel, not a timer:
// timers are clamped to 4 ms and slowed to once a second in a tab in the background.
// Without crypto.subtle the form is sent as without JavaScript.
(function () {
	'use strict';
	if (window.treffpunktChallenge) return; // included by several forms on one page
	window.treffpunktChallenge = true;
	var BATCH = 250;
	var enc = new TextEncoder();
	// the next task of the event loop, without a timer's clamping or throttling
	var channel = new MessageChannel();
	var waiting = [];
	channel.port1.onmessage = function () {
		var resolve = waiting.shift();
		if (resolve) resolve();
	};
	function nextTask() {
		return new Promise(function (resolve) {
			waiting.push(resolve);
			channel.port2.postMessage(0);
		});
	}

	function same(buf, hex) {
		var bytes = new Uint8Array(buf);
		for (var i = 0; i < bytes.length; i++) {
			if (parseInt(hex.substr(i * 2, 2), 16) !== bytes[i]) return false;
		}
		return true;
	}

	async function solve(json) {
		var c = JSON.parse(json);
		for (var start = 0; start <= c.maxNumber; start += BATCH) {
			var end = Math.min(start + BATCH, c.maxNumber + 1);
			var batch = [];
			for (var n = start; n < end; n++) batch.push(crypto.subtle.digest('SHA-256', enc.encode(c.salt + n)));
			var hashes = await Promise.all(batch);
			for (var i = 0; i < hashes.length; i++) if (same(hashes[i], c.challenge)) return start + i;
			await nextTask();
		}
		return null;
	}

	document.addEventListener('submit', async function (event) {
		var form = event.target;
		var input = form && form.querySelector && form.querySelector('input[data-challenge]');
		if (!input || form.getAttribute('data-solved')) return;
		event.preventDefault();
		if (form.getAttribute('data-solving')) return;
		form.setAttribute('data-solving', '1');
		var submitter = event.submitter;
		var status = form.querySelector('[data-challenge-status]');
		if (status) status.textContent = status.getAttribute('data-challenge-status');
		var answer = form.querySelector('input[name="' + input.getAttribute('data-challenge') + '"]');
		// no crypto.subtle (e.g. plain http): sent as without JavaScript, the server applies stricter limits
		var number = await solve(input.value).catch(function () {
			return null;
		});
		if (answer && number !== null) answer.value = String(number);
		form.setAttribute('data-solved', '1');
		form.removeAttribute('data-solving');
		if (form.requestSubmit) form.requestSubmit(submitter && submitter.form === form ? submitter : undefined);
		else form.submit();
	});

	// back to a page from the cache: its solution is spent, the server will ask for a fresh form
	window.addEventListener('pageshow', function () {
		var forms = document.querySelectorAll('form[data-solved]');
		for (var i = 0; i < forms.length; i++) forms[i].removeAttribute('data-solved');
	});
})();
